import { afterEach, describe, expect, it, vi } from 'vitest';
import { createUi } from '../../src/cli/ui.js';

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
