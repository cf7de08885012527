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
  return {
    stdout: (t) => process.stdout.write(t),
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
