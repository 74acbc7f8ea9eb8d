// Changes under a folder, settled: one call after the writes of an editor's save (often several events: a
// temporary file, a rename, a chmod) have stopped for `settleMs`. node:fs.watch with `recursive` covers the
// folders made later too (Node 20 implements it on Linux by watching each folder).
import { watch } from 'node:fs';

/** Path segments whose changes are never app code: dependencies and version control. */
const ignored = /(^|[\\/])(node_modules|\.git)([\\/]|$)/;

/** A running watch. */
export interface FolderWatch {
  close(): void;
}

/**
 * Calls `onChange` once the changes under `folder` (outside node_modules and .git) have settled.
 *
 * @example const watch = watchFolder(appsPath, () => reload(), 200);
 */
export function watchFolder(folder: string, onChange: () => void, settleMs = 200): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  // Not persistent: the watch alone keeps no process running.
  const watcher = watch(folder, { recursive: true, persistent: false }, (_event, file) => {
    if (file && ignored.test(String(file))) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  });
  // A watched folder removed or unreadable: stop watching rather than crash the process.
  watcher.on('error', () => watcher.close());
  return {
    close() {
      clearTimeout(timer);
      watcher.close();
    },
  };
}
