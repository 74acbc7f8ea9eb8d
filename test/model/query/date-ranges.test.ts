// Frappe's named date ranges from a fixed clock: every timespan, previous/next period, week starts and
// month-end clamping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DataError, dateRange, timespans } from '../../../src/model/query/index.ts';

const wednesday = new Date(2024, 4, 15, 12); // 2024-05-15

describe('date ranges', () => {
  it('resolves every timespan around Wednesday 2024-05-15 (weeks start on Sunday by default)', () => {
    const expected: Record<(typeof timespans)[number], [string, string]> = {
      'last week': ['2024-05-05', '2024-05-11'],
      'last month': ['2024-04-01', '2024-04-30'],
      'last quarter': ['2024-01-01', '2024-03-31'],
      'last 6 months': ['2023-10-01', '2024-03-31'],
      'last year': ['2023-01-01', '2023-12-31'],
      yesterday: ['2024-05-14', '2024-05-14'],
      today: ['2024-05-15', '2024-05-15'],
      tomorrow: ['2024-05-16', '2024-05-16'],
      'this week': ['2024-05-12', '2024-05-18'],
      'this month': ['2024-05-01', '2024-05-31'],
      'this quarter': ['2024-04-01', '2024-06-30'],
      'this year': ['2024-01-01', '2024-12-31'],
      'next week': ['2024-05-19', '2024-05-25'],
      'next month': ['2024-06-01', '2024-06-30'],
      'next quarter': ['2024-07-01', '2024-09-30'],
      'next 6 months': ['2024-07-01', '2024-12-31'],
      'next year': ['2025-01-01', '2025-12-31'],
    };
    for (const span of timespans)
      assert.deepEqual(dateRange('timespan', span, wednesday), expected[span], span);
  });

  it('maps previous/next periods onto last/next timespans', () => {
    assert.deepEqual(dateRange('previous', '1 week', wednesday), ['2024-05-05', '2024-05-11']);
    assert.deepEqual(dateRange('previous', '1 month', wednesday), ['2024-04-01', '2024-04-30']);
    assert.deepEqual(dateRange('previous', '3 months', wednesday), ['2024-01-01', '2024-03-31']);
    assert.deepEqual(dateRange('previous', '6 months', wednesday), ['2023-10-01', '2024-03-31']);
    assert.deepEqual(dateRange('previous', '1 year', wednesday), ['2023-01-01', '2023-12-31']);
    assert.deepEqual(dateRange('next', '1 week', wednesday), ['2024-05-19', '2024-05-25']);
    assert.deepEqual(dateRange('next', '1 month', wednesday), ['2024-06-01', '2024-06-30']);
    assert.deepEqual(dateRange('next', '3 months', wednesday), ['2024-07-01', '2024-09-30']);
    assert.deepEqual(dateRange('next', '6 months', wednesday), ['2024-07-01', '2024-12-31']);
    assert.deepEqual(dateRange('next', '1 year', wednesday), ['2025-01-01', '2025-12-31']);
  });

  it('starts weeks on the configured day', () => {
    assert.deepEqual(dateRange('timespan', 'this week', wednesday, 1), ['2024-05-13', '2024-05-19']);
    const sunday = new Date(2024, 4, 19, 8);
    assert.deepEqual(dateRange('timespan', 'this week', sunday, 1), ['2024-05-13', '2024-05-19']);
    assert.deepEqual(dateRange('timespan', 'this week', sunday, 0), ['2024-05-19', '2024-05-25']);
  });

  it('clamps month arithmetic to month ends and crosses years', () => {
    const march31 = new Date(2024, 2, 31);
    assert.deepEqual(dateRange('timespan', 'last month', march31), ['2024-02-01', '2024-02-29']);
    const january = new Date(2023, 0, 10);
    assert.deepEqual(dateRange('timespan', 'last month', january), ['2022-12-01', '2022-12-31']);
    assert.deepEqual(dateRange('timespan', 'last quarter', january), ['2022-10-01', '2022-12-31']);
    assert.deepEqual(dateRange('timespan', 'last month', new Date(2023, 2, 31)), [
      '2023-02-01',
      '2023-02-28',
    ]);
    assert.deepEqual(dateRange('timespan', 'yesterday', new Date(2024, 0, 1)), ['2023-12-31', '2023-12-31']);
  });

  it('refuses other values', () => {
    for (const [op, value] of [
      ['timespan', 'last decade'],
      ['previous', '2 weeks'],
      ['next', 'week'],
      ['timespan', 42],
    ]) {
      assert.throws(() => dateRange(op as string, value, wednesday), DataError);
    }
  });
});
