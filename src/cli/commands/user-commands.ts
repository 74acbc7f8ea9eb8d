import type { Command } from 'commander';
import { setPassword } from '../../auth/users.ts';
import type { Database } from '../../db/database.ts';
import { SiteDatabases } from '../../db/index.ts';
import { insertDoc } from '../../model/document/insert.ts';
import { CliError } from '../fail.ts';
import { benchFor, targetSite } from '../global-options.ts';
import { createRuntime } from '../runtime.ts';
import { asAdministrator } from '../site-documents.ts';

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
      const bench = benchFor(command);
      const site = targetSite(bench, command);
      // Frappe names a user by the lowercased email; the engine checks the address (DocField options Email).
      const address = email.trim().toLowerCase();
      const roles: string[] = [...new Set<string>(opts.addRole ?? [])];
      const runtime = await createRuntime(bench);
      try {
        // A User document, so the User controller runs (the password is hashed into __Auth, never stored).
        const user = await asAdministrator(runtime, site, (ctx) =>
          insertDoc(ctx, {
            doctype: 'User',
            email: address,
            first_name: opts.firstName ?? address.split('@')[0],
            last_name: opts.lastName,
            new_password: opts.password ?? process.env.USER_PASSWORD,
            user_type: opts.websiteUser ? 'Website User' : 'System User',
            roles: roles.map((role) => ({ role })),
          }),
        );
        process.stdout.write(`Added ${user.name}\n`);
      } finally {
        await runtime.close();
      }
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
