/** A backup that cannot be written or read back (corrupt, truncated, wrong format): one line for the operator. */
export class BackupError extends Error {
  override name = 'BackupError';
}
