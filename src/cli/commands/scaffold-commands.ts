import { createInterface } from 'node:readline/promises';
import type { Command } from 'commander';
import { assertAppName, titleOf } from '../../apps/scaffold/app-name.ts';
import { getApp } from '../../apps/scaffold/get-app.ts';
import { newApp } from '../../apps/scaffold/new-app.ts';
import { scrub } from '../../model/index.ts';
import { benchFor } from '../global-options.ts';

/** `new-app` and `get-app` (Frappe's bench commands): making and fetching the bench's apps. */
export function registerScaffoldCommands(program: Command): void {
  program
    .command('new-app <name>')
    .description('create an app in apps/<name>: hooks, an example DocType with controller, method and test')
    .option('--title <title>', 'app title (default: from the name); also the name of its first module')
    .option('--description <text>', 'one-line description')
    .option('--publisher <name>', 'publisher (package author)')
    .option('--email <email>', "publisher's email")
    .option('--license <license>', 'license (default: MIT)')
    .option('--no-git', 'do not make a git repository')
    .action(async (rawName: string, opts, command: Command) => {
      const bench = benchFor(command);
      const name = scrub(rawName);
      assertAppName(name);
      const answers = await ask(opts, [
        ['title', 'App Title', titleOf(name)],
        ['description', 'App Description', `${titleOf(name)}: a Cortado app`],
        ['publisher', 'App Publisher', ''],
        ['email', 'App Email', ''],
        ['license', 'App License', 'MIT'],
      ]);
      const made = newApp(bench, { name, ...answers, git: opts.git });
      process.stdout.write(`Created app ${name} in ${made.path}\n`);
      if (made.gitSkipped && opts.git !== false)
        process.stdout.write(`No git repository: ${made.gitSkipped}\n`);
    });

  program
    .command('get-app <source>')
    .description(
      'fetch an app into apps/ from a git URL, npm:<spec> or a local folder, and list it in apps.txt',
    )
    .option('--branch <branch>', 'git branch or tag to clone')
    .option('--link', 'link a local folder instead of copying it (to develop it in place)')
    .option('--allow-scripts', "run the install scripts of the app's dependencies (native addons)")
    .action(async (source: string, opts, command: Command) => {
      const got = await getApp(benchFor(command), source, {
        branch: opts.branch,
        link: opts.link,
        allowScripts: opts.allowScripts,
      });
      process.stdout.write(
        `Got ${got.name} ${got.version} in ${got.path} (dependencies: ${got.dependencies})\n`,
      );
    });
}

/**
 * Values given as flags are used as they are; the others are asked for on a terminal (Frappe's prompts). An
 * empty answer, or nobody there to answer (scripts, CI), leaves the default to `newApp`.
 */
async function ask(
  opts: Record<string, unknown>,
  questions: [key: string, prompt: string, fallback: string][],
): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const missing = questions.filter(([key]) => typeof opts[key] !== 'string');
  for (const [key] of questions) if (typeof opts[key] === 'string') out[key] = opts[key] as string;
  if (missing.length === 0 || !process.stdin.isTTY) return out;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (const [key, prompt, fallback] of missing) {
      const answer = (await rl.question(fallback ? `${prompt} (${fallback}): ` : `${prompt}: `)).trim();
      if (answer) out[key] = answer;
    }
  } finally {
    rl.close();
  }
  return out;
}
