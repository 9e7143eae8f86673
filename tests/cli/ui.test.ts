import { afterEach, describe, expect, it, vi } from 'vitest';
import { colorLevel, createUi } from '../../src/cli/ui.js';

describe('ui.progress', () => {
  const tty = process.stderr.isTTY;
  afterEach(() => {
    process.stderr.isTTY = tty;
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  const capture = (isTTY: boolean, quiet = false) => {
    process.stderr.isTTY = isTTY;
    const writes: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      writes.push(String(chunk));
      return true;
    });
    return { ui: createUi({ params: 'params.yaml', set: [], quiet, color: false }), writes };
  };

  it('on a TTY shows the first line at once, then at most one every 100 ms, formatting only what it shows', () => {
    vi.useFakeTimers({ now: 0 });
    const { ui, writes } = capture(true);
    const text = vi.fn((n: number) => `rows ${n}`);
    for (let n = 1; n <= 50; n++) ui.progress(() => text(n)); // all within the same millisecond
    expect(writes).toEqual(['\r\x1b[Krows 1']);
    expect(text).toHaveBeenCalledTimes(1);
    vi.setSystemTime(150);
    ui.progress('plain text');
    expect(writes.at(-1)).toBe('\r\x1b[Kplain text');
    ui.warn('careful'); // clears the progress line first
    expect(writes.slice(-2)).toEqual(['\r\x1b[K', 'warning: careful\n']);
  });

  it('note: a log line on stderr (clearing the progress line), also with --json, not with --quiet', () => {
    const { ui, writes } = capture(true);
    ui.progress('[1/2] a/params.yaml: train…');
    ui.note('[1/2] a/params.yaml: passed');
    expect(writes).toEqual(['\r\x1b[K[1/2] a/params.yaml: train…', '\r\x1b[K', '[1/2] a/params.yaml: passed\n']);
    const json = createUi({ set: [], json: true, color: false });
    json.note('shown with --json');
    expect(writes.at(-1)).toBe('shown with --json\n');
    const quiet = createUi({ set: [], quiet: true, color: false });
    quiet.note('not shown');
    expect(writes.at(-1)).toBe('shown with --json\n');
  });

  it('shows nothing when stderr is not a TTY, or with --quiet', () => {
    for (const [isTTY, quiet] of [[false, false], [true, true]] as const) {
      const { ui, writes } = capture(isTTY, quiet);
      const text = vi.fn(() => 'rows');
      ui.progress(text);
      expect(writes).toEqual([]);
      expect(text).not.toHaveBeenCalled();
    }
  });
});

describe('colorLevel (FORCE_COLOR, NO_COLOR only when non-empty, --no-color)', () => {
  it('colour on a terminal, none off it', () => {
    expect(colorLevel({ env: {}, isTTY: true })).toBe(1);
    expect(colorLevel({ env: {}, isTTY: false })).toBe(0);
  });

  it('NO_COLOR turns colour off only when it is non-empty (no-color.org)', () => {
    expect(colorLevel({ env: { NO_COLOR: '1' }, isTTY: true })).toBe(0);
    expect(colorLevel({ env: { NO_COLOR: '' }, isTTY: true })).toBe(1);
  });

  it('FORCE_COLOR turns colour on off a terminal and wins over NO_COLOR; 0 / false turn it off', () => {
    expect(colorLevel({ env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(1);
    expect(colorLevel({ env: { FORCE_COLOR: '' }, isTTY: false })).toBe(1);
    expect(colorLevel({ env: { FORCE_COLOR: '3', NO_COLOR: '1' }, isTTY: false })).toBe(3);
    expect(colorLevel({ env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(0);
    expect(colorLevel({ env: { FORCE_COLOR: 'false' }, isTTY: true })).toBe(0);
  });

  it('--no-color wins over everything', () => {
    expect(colorLevel({ flag: false, env: { FORCE_COLOR: '1' }, isTTY: true })).toBe(0);
  });
});

describe('ui.progress with a known total', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
  });

  it('shows the percentage, and the time left timed from the first step of the task', () => {
    const tty = process.stderr.isTTY;
    process.stderr.isTTY = true;
    try {
      vi.useFakeTimers({ now: 10_000 });
      const writes: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
        writes.push(String(chunk));
        return true;
      });
      const ui = createUi({ set: [], color: false });
      ui.progress({ label: 'train: cross-validating linear', done: 0, total: 10, unit: 'fits' });
      vi.setSystemTime(14_000);
      ui.progress({ label: 'train: cross-validating ridge', done: 4, total: 10, unit: 'fits' });
      expect(writes).toEqual(['\r\x1b[Ktrain: cross-validating linear — 0/10 fits, 0%', '\r\x1b[Ktrain: cross-validating ridge — 4/10 fits, 40%, about 6s left']);
      // A step whose label changes (the rows) is the same task while its unit and total stay.
      writes.length = 0;
      vi.setSystemTime(20_000);
      ui.progress({ label: 'predict: 0 rows', done: 0, total: 1000, unit: 'bytes', showCount: false });
      vi.setSystemTime(22_000);
      ui.progress({ label: 'predict: 5,000 rows', done: 400, total: 1000, unit: 'bytes', showCount: false });
      expect(writes).toEqual(['\r\x1b[Kpredict: 0 rows — 0%', '\r\x1b[Kpredict: 5,000 rows — 40%, about 3s left']);
    } finally {
      process.stderr.isTTY = tty;
    }
  });
});
