/** `azmtls scan [PATH...]`: judge infrastructure as code and report (CONTRACT.md). */
import { Option, type Command } from 'commander';
import type { CliIO } from '../io.js';
import { collect, FAIL_ON, formatOption, PROFILES } from '../options.js';
import type { SetExit } from './index.js';
import type { ScanFlags } from './scan-run.js';

export function registerScan(program: Command, io: CliIO, setExit: SetExit): void {
  program
    .command('scan')
    .description('scan infrastructure as code (ARM JSON, Bicep, Terraform, plan JSON)')
    .argument('[paths...]', 'files or folders to scan', [])
    .addOption(formatOption().default('console'))
    .option('-o, --output <file>', 'write the report to a file')
    .addOption(new Option('--profile <profile>', 'which resources are judged').choices(PROFILES as unknown as string[]))
    .option('--config <file>', 'configuration file (default: .azmtls.yml found upward from the scanned path)')
    .addOption(new Option('--fail-on <level>', 'exit 1 at this level (default fail)').choices(FAIL_ON as unknown as string[]))
    .option('--baseline <file>', 'a previous JSON report: its fail and unknown results are suppressed')
    .option('-q, --quiet', 'print only failing and unknown results and errors')
    .option('--no-color', 'no colours in console output')
    .option('--parameters <file>', 'ARM parameters file or .bicepparam (repeatable)', collect, [])
    .option('--var <name=value>', 'Terraform variable (repeatable)', collect, [])
    .option('--var-file <file>', 'Terraform variables file (repeatable)', collect, [])
    .option('--exclude <glob>', 'skip paths matching the glob (repeatable)', collect, [])
    .option('--max-file-size <MiB>', 'files larger than this are reported, not parsed', '64')
    .option('-j, --jobs <n>', 'scanning threads (default: one on machines with fewer than four cores, else cores - 1 up to 4)')
    .action(async (paths: string[], flags: ScanFlags) => {
      const { runScan } = await import('./scan-run.js');
      setExit(await runScan(paths, flags, io));
    });
}

