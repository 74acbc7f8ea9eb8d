import { SingleBar } from 'cli-progress';

/** Reports a long command's steps: a progress bar on a terminal, one line per step otherwise (logs, CI). */
export interface Progress {
  step(label: string, done: number, total: number): void;
  done(message?: string): void;
}

/** @example const p = createProgress('Installing'); p.step('tabUser', 1, 9); p.done(); */
export function createProgress(title: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!stream.isTTY) {
    return {
      step: (label, done, total) => stream.write(`${title}: [${done}/${total}] ${label}\n`),
      done: (message) => message && stream.write(`${message}\n`),
    };
  }
  const bar = new SingleBar({
    format: `${title} [{bar}] {value}/{total} {label}`,
    stream,
    hideCursor: true,
    clearOnComplete: true,
  });
  let started = false;
  return {
    step(label, done, total) {
      if (!started) {
        bar.start(total, 0, { label });
        started = true;
      }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    done(message) {
      if (started) bar.stop();
      if (message) stream.write(`${message}\n`);
    },
  };
}
