import type { Command } from 'commander';
import { createUser, setPassword } from '../../auth/users.ts';
import type { Database } from '../../db/database.ts';
import { SiteDatabases } from '../../db/index.ts';
import { CliError } from '../fail.ts';
import { benchFor, targetSite } from '../global-options.ts';

/** `add-user` and `set-admin-password`. */
export function registerUserCommands(program: Command): void {
  program
    .command('add-user <email>')
    .description('add a user to the site (System User unless --website-user)')
    .option('--first-name <name>', 'first name (default: the part of the email before @)')
    .option('--last-name <name>', 'last name')
    .option('--password <password>', 'password (or USER_PASSWORD)')
    .option('--add-role <role...>', 'roles to grant, e.g. --add-role "System Manager"')
    .option('--website-user', 'a Website User (no desk access)')
    .action(async (email: string, opts, command: Command) => {
      if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new CliError(`invalid email "${email}"`);
      await withSiteDb(command, (db) =>
        db.transaction((tx) =>
          createUser(tx, {
            email,
            firstName: opts.firstName ?? email.split('@')[0]!,
            lastName: opts.lastName,
            password: opts.password ?? process.env.USER_PASSWORD,
            roles: opts.addRole ?? [],
            userType: opts.websiteUser ? 'Website User' : 'System User',
          }),
        ),
      );
      process.stdout.write(`Added ${email}\n`);
    });

  program
    .command('set-admin-password <password>')
    .description("set the Administrator's password")
    .action(async (password: string, _opts, command: Command) => {
      if (!password) throw new CliError('the password must not be empty');
      await withSiteDb(command, (db) => db.transaction((tx) => setPassword(tx, 'Administrator', password)));
      process.stdout.write('Administrator password updated\n');
    });
}

async function withSiteDb<T>(command: Command, fn: (db: Database) => Promise<T>): Promise<T> {
  const bench = benchFor(command);
  const site = targetSite(bench, command);
  const databases = new SiteDatabases(bench);
  try {
    return await fn(databases.get(site));
  } finally {
    await databases.closeAll();
  }
}
