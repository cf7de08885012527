/**
 * Entry point: argument parsing with commander, one module per command under commands/.
 * Commands return their exit code; usage errors exit 2 with a one-line message.
 */
import { Command, CommanderError } from 'commander';
import { ExitCode, processIO, UsageError, type CliIO } from './io.js';
import { VERSION } from './version.js';
import { registerCommands } from './commands/index.js';

export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  let exitCode: number = ExitCode.Ok;
  const program = new Command();
  program
    .name('azmtls')
    .description('Find, fix, prevent and verify Azure endpoints that do not require client certificates (mutual TLS).')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError('(run with --help for usage)');
  registerCommands(program, io, (code) => {
    exitCode = Math.max(exitCode, code);
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? ExitCode.Ok : ExitCode.Error;
    }
    if (err instanceof UsageError) {
      io.stderr(`azmtls: ${err.message}\n`);
      return ExitCode.Error;
    }
    throw err;
  }
  return exitCode;
}
