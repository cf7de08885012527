/** `azmtls rules`: the rules and their metadata, for people and (with --format json) for machines. */
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CliIO } from '../io.js';
import type { SetExit } from './index.js';

export function registerRules(program: Command, io: CliIO, _setExit: SetExit): void {
  program
    .command('rules')
    .description('list the rules with their metadata')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['console', 'json']).default('console'))
    .action(async (flags: { format: 'console' | 'json' }) => {
      const { allRules } = await import('../../rules/index.js');
      if (flags.format === 'json') {
        const rules = allRules.map(({ meta }) => {
          const { remediation, ...rest } = meta;
          const { azCli: _azCli, ...snippets } = remediation;
          return { ...rest, remediation: snippets };
        });
        io.stdout(`${JSON.stringify({ schemaVersion: 1, rules }, null, 2)}\n`);
        return;
      }
      for (const { meta } of allRules) {
        io.stdout(`${meta.id}  ${meta.severity.padEnd(6)}  ${meta.title}\n`);
        io.stdout(`    applies to: ${meta.appliesTo.join(', ')}\n`);
        if (meta.aliases.length > 0) io.stdout(`    aliases: ${meta.aliases.map((a) => `${a.tool}:${a.id}`).join(', ')}\n`);
      }
    });
}
