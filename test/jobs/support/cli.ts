// `cortado` with the job commands, for child processes of the job suites (main.ts may not register them yet).
import { Command } from 'commander';
import { registerJobCommands } from '../../../src/cli/commands/job-commands.ts';
import { exitWithError } from '../../../src/cli/fail.ts';

const program = new Command('cortado')
  .option('--sites-path <path>', 'the bench sites folder')
  .option('--site <site>', 'the site to act on');
registerJobCommands(program);
try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitWithError(error);
}
