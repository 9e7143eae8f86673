/**
 * Vega-Lite specs → standalone SVG strings, in Node, for the self-contained HTML report.
 * vega and vega-lite load on first use only (≈ 330 ms), so no other command pays for them.
 */
import type { VegaLiteSpec } from './charts/spec.js';

type Engines = { readonly vega: typeof import('vega'); readonly vegaLite: typeof import('vega-lite') };
type TopLevelSpec = Parameters<typeof import('vega-lite').compile>[0];

export interface RenderOptions {
  /** Receives compiler and runtime warnings (default: dropped, so the CLI output stays clean). */
  readonly onWarning?: (message: string) => void;
}

let engines: Promise<Engines> | undefined;

function loadEngines(): Promise<Engines> {
  engines ??= Promise.all([import('vega'), import('vega-lite')]).then(([vega, vegaLite]) => ({ vega, vegaLite }));
  return engines;
}

/** A Vega-style logger that forwards warnings and drops info and debug messages. */
function warningLogger(onWarning: (message: string) => void) {
  let level = 2; // vega-util's Warn
  const logger = {
    level(next?: number) {
      if (next === undefined) return level;
      level = next;
      return logger;
    },
    error(...args: unknown[]) {
      onWarning(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: unknown[]) {
      onWarning(args.map(String).join(' '));
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** The SVG namespace declarations are the only URLs an offline chart may carry. */
const NAMESPACES = / xmlns(:xlink)?="http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)"/g;

/** Throws when `svg` would reach the network (a bug: every spec carries its data inline). */
export function assertOffline(svg: string, title: string): void {
  const stripped = svg.replace(NAMESPACES, '');
  // Local references (clip paths, gradients) are `url(#id)` or `href="#id"`; anything else loads.
  const at = stripped.search(/https?:|(?:href=["']|url\(\s*["']?)(?!#)/i);
  if (at >= 0) {
    throw new Error(`chart "${title}" references the network: …${stripped.slice(at, at + 80)}…`);
  }
}

function titleOf(spec: VegaLiteSpec): string {
  return typeof spec.title === 'string' ? spec.title : spec.title.text;
}

/**
 * Renders each spec with the headless Vega view (`renderer: 'none'`), in order, and returns
 * one SVG string per spec. Each view is finalized after use so no timers or listeners remain.
 */
export async function renderSvg(specs: readonly VegaLiteSpec[], options: RenderOptions = {}): Promise<string[]> {
  if (specs.length === 0) return [];
  const { vega, vegaLite } = await loadEngines();
  const logger = warningLogger(options.onWarning ?? (() => {}));
  const svgs: string[] = [];
  for (const spec of specs) {
    // VegaLiteSpec is deliberately loose; the tests compile and render every builder's output.
    const compiled = vegaLite.compile(spec as unknown as TopLevelSpec, { logger }).spec;
    // Every layer's data ends up in the compiled `data` list, so this catches any URL source.
    if ((compiled.data ?? []).some((data) => 'url' in data)) {
      throw new Error(`chart "${titleOf(spec)}" loads data from a URL; charts must carry data.values`);
    }
    const view = new vega.View(vega.parse(compiled), { renderer: 'none', logger });
    try {
      const svg = await view.toSVG();
      assertOffline(svg, titleOf(spec));
      svgs.push(svg);
    } finally {
      view.finalize();
    }
  }
  return svgs;
}
