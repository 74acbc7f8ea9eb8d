/** A configuration problem: stops the process with one line naming the file (or variable) and key. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(
    readonly source: string,
    readonly key: string,
    problem: string,
  ) {
    super(`${source}: ${key}: ${problem}`);
  }
}
