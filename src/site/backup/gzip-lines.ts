import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip, createGzip } from 'node:zlib';

/** A gzip'd JSON-lines file being written to a temp path; `commit` renames it into place, `abort` removes it. */
export interface LineWriter {
  write(record: unknown): Promise<void>;
  commit(): Promise<void>;
  abort(): void;
}

/**
 * Writes JSON lines through gzip with back-pressure (constant memory), to `<path>.<pid>.tmp` until committed.
 *
 * @example const w = openLineWriter('/b/x.jsonl.gz'); await w.write({ kind: 'end' }); await w.commit();
 */
export function openLineWriter(path: string): LineWriter {
  const tmp = `${path}.${process.pid}.tmp`;
  const gzip = createGzip();
  // A database dump holds password hashes and API secrets: owner only, from the first byte.
  rmSync(tmp, { force: true });
  const file = createWriteStream(tmp, { flags: 'wx', mode: 0o600 });
  gzip.pipe(file);
  let failed: Error | undefined;
  const fail = (error: Error) => {
    failed ??= error;
  };
  gzip.on('error', fail);
  file.on('error', fail);
  return {
    async write(record) {
      if (failed) throw failed;
      if (!gzip.write(`${JSON.stringify(record)}\n`)) await once(gzip, 'drain');
    },
    async commit() {
      gzip.end();
      if (!file.closed) await once(file, 'close');
      if (failed) throw failed;
      renameSync(tmp, path);
    },
    abort() {
      gzip.destroy();
      file.destroy();
      rmSync(tmp, { force: true });
    },
  };
}

/** Reads a gzip'd JSON-lines file record by record; gzip's CRC and length catch corruption and truncation. */
export async function* readLines(path: string): AsyncGenerator<unknown> {
  // pipeline() destroys every stage on any error, so a read error or bad gzip data ends the loop with it.
  const gunzip = pipeline(createReadStream(path), createGunzip(), () => undefined);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let n = 0;
  const parse = (line: string) => {
    n += 1;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw new Error(`line ${n} is not valid JSON`);
    }
  };
  for await (const chunk of gunzip) {
    pending += decoder.write(chunk as Buffer);
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      if (line) yield parse(line);
      newline = pending.indexOf('\n');
    }
  }
  pending += decoder.end();
  if (pending) yield parse(pending);
}
