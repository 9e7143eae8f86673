import { describe, expect, it } from 'vitest';
import { formatDuration, progressText, readStep } from '../../src/util/progress.js';

describe('progressText', () => {
  const step = { label: 'train: cross-validating ridge', total: 40, unit: 'fits' };

  it('shows the count and the percentage, rounded down (100% only when all are done)', () => {
    expect(progressText({ ...step, done: 0 }, 0)).toBe('train: cross-validating ridge — 0/40 fits, 0%');
    expect(progressText({ ...step, done: 39 }, 0)).toBe('train: cross-validating ridge — 39/40 fits, 97%');
    expect(progressText({ ...step, done: 40 }, 90_000)).toBe('train: cross-validating ridge — 40/40 fits, 100%');
  });

  it('estimates the time left from the pace so far: 12 fits in 30 s → 28 more take 70 s', () => {
    expect(progressText({ ...step, done: 12 }, 30_000)).toBe('train: cross-validating ridge — 12/40 fits, 30%, about 1m 10s left');
  });

  it('gives no estimate before a second has passed (too little to go on)', () => {
    expect(progressText({ ...step, done: 12 }, 999)).toBe('train: cross-validating ridge — 12/40 fits, 30%');
  });

  it('groups large counts and clamps a count beyond the total', () => {
    expect(progressText({ label: 'synth', done: 250_000, total: 1_000_000, unit: 'rows' }, 2_000)).toBe('synth — 250,000/1,000,000 rows, 25%, about 6s left');
    expect(progressText({ label: 'synth', done: 12, total: 10, unit: 'rows' }, 2_000)).toBe('synth — 10/10 rows, 100%');
  });
});

describe('formatDuration', () => {
  it('seconds, minutes and seconds, hours and minutes', () => {
    expect([formatDuration(400), formatDuration(42_000), formatDuration(185_000), formatDuration(3_720_000)]).toEqual(['<1s', '42s', '3m 05s', '1h 02m']);
  });
});

describe('readStep (predict and drift reading their input)', () => {
  it('a file of known size: the rows read, and the share of its bytes read with the time left', () => {
    const step = readStep('predict', { rows: 123_456, bytesRead: 45_000_000, totalBytes: 100_000_000 });
    expect(step).toEqual({ label: 'predict: 123,456 rows', done: 45_000_000, total: 100_000_000, unit: 'bytes', showCount: false });
    // 45 MB in 2.5 s → the 55 MB left take about 3 s.
    expect(progressText(step as Exclude<typeof step, string>, 2_500)).toBe('predict: 123,456 rows — 45%, about 3s left');
  });

  it('no size known (stdin, an .xlsx or Parquet input converted to CSV): the rows only', () => {
    expect(readStep('drift', { rows: 1_234, bytesRead: 56_789, totalBytes: undefined })).toBe('drift: 1,234 rows');
  });
});
