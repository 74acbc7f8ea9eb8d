// Changes under some folders, settled: one call after the writes of an editor's save (often several events: a
// temporary file, a rename, a chmod) have stopped for `settleMs`. node:fs.watch with `recursive` covers the
// folders made later too (Node 20 implements it on Linux with one inotify watch per folder, so the folders
// given should not hold dependencies: an app's code folder, not the package with its node_modules).
import { watch } from 'node:fs';

/**
 * Changes that are never app code: dependencies, hidden files and folders (.git, editors' swap files such as
 * `.note.ts.swp`) and backup files (`note.ts~`), which editors write while one types.
 */
const ignored = /(^|[\\/])(node_modules([\\/]|$)|\.)|~$/;

/** A running watch. */
export interface FolderWatch {
  close(): void;
}

/**
 * Calls `onChange` once the changes under `folders` have settled.
 *
 * @example const watch = watchFolders(['/bench/apps/shelf/shelf'], () => reload(), 200);
 */
export function watchFolders(folders: readonly string[], onChange: () => void, settleMs = 200): FolderWatch {
  let timer: NodeJS.Timeout | undefined;
  const changed = (_event: string, file: string | Buffer | null) => {
    if (file && ignored.test(String(file))) return;
    clearTimeout(timer);
    timer = setTimeout(onChange, settleMs);
  };
  const watchers = folders.map((folder) => {
    // Not persistent: the watch alone keeps no process running.
    const watcher = watch(folder, { recursive: true, persistent: false }, changed);
    // A watched folder removed or unreadable: stop watching it rather than crash the process.
    watcher.on('error', () => watcher.close());
    return watcher;
  });
  return {
    close() {
      clearTimeout(timer);
      for (const watcher of watchers) watcher.close();
    },
  };
}
