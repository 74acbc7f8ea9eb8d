// The one error a broken app stops start-up and migrate with: one line naming the app and the file.
import { relative } from 'node:path';

/**
 * An app that cannot be loaded (syntax error, throwing import, invalid DocType JSON, a hook naming a missing
 * function, a DocType two apps define). Raised before anything is changed; the CLI prints its message as is.
 */
export class AppLoadError extends Error {
  override name = 'AppLoadError';

  /**
   * @param app the app's name
   * @param file the file at fault (absolute), shown relative to the bench's apps folder
   * @param appsPath the bench's apps folder
   */
  constructor(
    readonly app: string,
    readonly file: string,
    problem: string,
    appsPath: string,
  ) {
    super(`app ${app}: ${relative(appsPath, file) || file}: ${oneLine(problem)}`);
  }
}

/** A message as one line (compiler errors span several). */
export function oneLine(message: string): string {
  return message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .join(' ')
    .slice(0, 500);
}
