// Job progress as the desk reads it from realtime events (desk/src/model/progress.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readProgress } from '../../desk/src/model/progress.ts';

describe('readProgress', () => {
  it("reads publish_progress's {percent, title, description}", () => {
    assert.deepEqual(readProgress({ percent: 42, title: 'Import', description: 'Rows', task_id: 't' }), {
      percent: 42,
      title: 'Import',
      description: 'Rows',
    });
  });

  it('reads progress: [done, total] as Frappe’s desk does, and numeric strings', () => {
    assert.equal(readProgress({ progress: [1, 3] })?.percent, 33.3);
    assert.equal(readProgress({ percent: '12.5' })?.percent, 12.5);
  });

  it('keeps the percentage within 0–100', () => {
    assert.equal(readProgress({ percent: 140 })?.percent, 100);
    assert.equal(readProgress({ percent: -3 })?.percent, 0);
  });

  it('finds no progress where none is reported', () => {
    for (const message of [
      undefined,
      null,
      'x',
      {},
      { percent: null },
      { progress: [1, 0] },
      { percent: '' },
    ])
      assert.equal(readProgress(message), undefined, JSON.stringify(message));
  });
});
