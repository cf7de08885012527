/** Every command, registered in the order `--help` lists them. */
import type { Command } from 'commander';
import type { CliIO } from '../io.js';
import { registerProbe } from './probe.js';
import { registerRules } from './rules.js';
import { registerScan } from './scan.js';

export type SetExit = (code: number) => void;
export type RegisterCommand = (program: Command, io: CliIO, setExit: SetExit) => void;

const commands: RegisterCommand[] = [registerScan, registerProbe, registerRules];

export function registerCommands(program: Command, io: CliIO, setExit: SetExit): void {
  for (const register of commands) register(program, io, setExit);
}
