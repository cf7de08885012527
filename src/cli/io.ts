/** The CLI's window on the world, injectable so whole-CLI tests run in-process. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Whether stdout is a terminal (colours, progress). */
  isTTY: boolean;
  /** Whether stderr is a terminal (progress lines). */
  stderrIsTTY: boolean;
}

export function processIO(): CliIO {
  // A reader that stops early (`azmtls scan … | head`) closes the pipe. The rest of the report is not
  // written and the exit code is still the scan's; unhandled, Node ends the process on EPIPE with a stack
  // trace and exit code 1. Any other failure to write the report is an error (exit 2), never a quiet pass.
  let stdoutOpen = true;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      stdoutOpen = false;
      return;
    }
    process.stderr.write(`azmtls: cannot write to standard output: ${err.message}\n`);
    process.exit(ExitCode.Error);
  });
  return {
    stdout: (t) => {
      if (stdoutOpen) process.stdout.write(t);
    },
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/** Exit codes of CONTRACT.md. */
export const ExitCode = { Ok: 0, Findings: 1, Error: 2 } as const;

/** Thrown by commands for usage and configuration errors: printed plainly, exit 2. */
export class UsageError extends Error {}
