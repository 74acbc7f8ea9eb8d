import { Command } from 'commander';
import { ConfigError } from '../config/errors.ts';
import { registerAppCommands } from './commands/app-commands.ts';
import { registerBackupCommands } from './commands/backup-commands.ts';
import { registerBuildCommand } from './commands/build-command.ts';
import { registerConfigCommands } from './commands/config-commands.ts';
import { registerJobCommands } from './commands/job-commands.ts';
import { registerMigrateCommand } from './commands/migrate-command.ts';
import { registerScaffoldCommands } from './commands/scaffold-commands.ts';
import { registerServeCommands } from './commands/serve-commands.ts';
import { registerSiteCommands } from './commands/site-commands.ts';
import { registerTypesCommand } from './commands/types-command.ts';
import { registerUserCommands } from './commands/user-commands.ts';
import { exitWithError } from './fail.ts';

const program = new Command('cortado')
  .description('Cortado: a Frappe-compatible framework and the services that run it')
  .option('--sites-path <path>', 'the bench sites folder (default: $SITES_PATH or ./sites)')
  .option('--site <site>', 'the site to act on (default: sites/currentsite.txt)')
  .showHelpAfterError('(run cortado --help for usage)');

registerServeCommands(program);
registerSiteCommands(program);
registerConfigCommands(program);
registerUserCommands(program);
registerMigrateCommand(program);
registerJobCommands(program);
registerTypesCommand(program);
registerBackupCommands(program);
registerAppCommands(program);
registerScaffoldCommands(program);
registerBuildCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  exitWithError(error instanceof ConfigError ? new Error(`invalid config: ${error.message}`) : error);
}
