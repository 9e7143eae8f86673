import { beforeAll, describe, expect, it } from 'vitest';
import {
  barChartSpec,
  boxPlotSpec,
  boxStats,
  confusionMatrixSpec,
  distributionCompareSpec,
  everyKth,
  fairnessSpec,
  histogramSpec,
  precisionRecallSpec,
  predictedVsActualSpec,
  reliabilitySpec,
  rocCurveSpec,
  segmentProfileSpec,
  timeSeriesSpec,
  VEGA_LITE_SCHEMA,
  type VegaLiteSpec,
} from '../../src/report/charts/index.js';
import { assertOffline, renderSvg } from '../../src/report/render-svg.js';

/** One spec per builder (and per variant), from small inline fixtures. */
function buildAll(): Record<string, VegaLiteSpec> {
  const scores = (offset: number) => Float64Array.from({ length: 60 }, (_, i) => offset + ((i * 37) % 50));
  return {
    timeSeries: timeSeriesSpec({
      title: 'Live rmse after deployment',
      yTitle: 'rmse',
      points: [
        { at: '2026-09-01T08:00:00.000Z', series: 'train/aaa', value: 5.1 },
        { at: '2026-12-01T08:00:00.000Z', series: 'train/aaa', value: 6.4 },
        { at: '2026-12-02T08:00:00.000Z', series: 'train/bbb', value: 4.9 },
      ],
    }),
    boxPlot: boxPlotSpec({
      title: 'Math score by lunch',
      factor: 'lunch',
      target: 'math score',
      groups: [
        { value: 'standard', values: [...scores(40), 0, 150] },
        { value: 'free/reduced', values: scores(25) },
        { value: 'empty', values: [] },
      ],
    }),
    boxPlotNoOutliers: boxPlotSpec({ title: 'Tight', factor: 'f', target: 'y', groups: [{ value: 'a', values: [1, 2, 3] }] }),
    barVertical: barChartSpec({
      title: 'Cross-validated RMSE',
      xTitle: 'Model',
      yTitle: 'RMSE (mean ± std over folds)',
      bars: [
        { label: 'linear', value: 5.4, error: 0.3 },
        { label: 'random forest', value: 5.9, error: 0.4 },
        { label: 'baseline', value: 15.1 },
      ],
    }),
    barHorizontal: barChartSpec({
      title: 'Permutation importance',
      xTitle: 'Increase in RMSE when shuffled',
      yTitle: 'Feature',
      horizontal: true,
      bars: [
        { label: 'reading score', value: 9.2 },
        { label: 'writing score', value: 3.1 },
        { label: 'gender', value: -0.05 },
      ],
    }),
    roc: rocCurveSpec({ points: [{ fpr: 0, tpr: 0 }, { fpr: 0.1, tpr: 0.6 }, { fpr: 0.4, tpr: 0.9 }, { fpr: 1, tpr: 1 }], auc: 0.835 }),
    precisionRecall: precisionRecallSpec({
      points: [{ recall: 1, precision: 0.5 }, { recall: 0.8, precision: 0.7 }, { recall: 0.3, precision: 0.95 }],
      ap: 0.78,
    }),
    reliability: reliabilitySpec({
      of: 'fail',
      bins: [{ predicted: 0.05, observed: 0.02, count: 120 }, { predicted: 0.34, observed: 0.41, count: 30 }, { predicted: 0.72, observed: 0.66, count: 18 }, { predicted: 0.93, observed: 0.95, count: 40 }],
    }),
    confusion: confusionMatrixSpec({ labels: ['fail', 'pass'], matrix: [[40, 10], [5, 145]] }),
    predictedVsActual: predictedVsActualSpec({
      actual: Float64Array.from({ length: 5000 }, (_, i) => (i * 13) % 100),
      predicted: Float64Array.from({ length: 5000 }, (_, i) => ((i * 13) % 100) * 0.9 + 4),
      target: 'math score',
    }),
    histogram: histogramSpec({
      title: 'Math score',
      xTitle: 'math score',
      bins: [{ start: 0, end: 25, count: 12 }, { start: 25, end: 50, count: 180 }, { start: 50, end: 75, count: 520 }, { start: 75, end: 100, count: 288 }],
    }),
    driftCategorical: distributionCompareSpec({
      feature: 'lunch',
      subtitle: 'χ² p = 0.003: drifted',
      distribution: { kind: 'categorical', categories: [{ value: 'standard', reference: 0.65, batch: 0.5 }, { value: 'free/reduced', reference: 0.35, batch: 0.5 }] },
    }),
    driftNumeric: distributionCompareSpec({
      feature: 'reading score',
      distribution: {
        kind: 'numeric',
        bins: [{ start: 0, end: 50, reference: 0.2, batch: 0.1 }, { start: 50, end: 75, reference: 0.5, batch: 0.45 }, { start: 75, end: 100, reference: 0.3, batch: 0.45 }],
      },
    }),
    segments: segmentProfileSpec({
      segments: [
        { name: 'strong readers', size: 310, centroid: { 'reading score': 1.2, 'math score': 0.8, 'study hours': 0.4 } },
        { name: 'struggling', size: 190, centroid: { 'reading score': -1.4, 'math score': -1.1, 'study hours': -0.2 } },
      ],
    }),
    fairness: fairnessSpec({
      metric: 'accuracy',
      groups: [
        { column: 'gender', value: 'female', score: 0.86 },
        { column: 'gender', value: 'male', score: 0.83 },
        { column: 'race/ethnicity', value: 'group A', score: 0.79 },
      ],
    }),
  };
}

describe('boxStats', () => {
  // Quartiles with numpy's default method ('linear', Hyndman & Fan type 7), by hand:
  // np.quantile(x, [.25, .5, .75]) with h = (n − 1)·q.
  it('matches numpy linear quartiles and Tukey 1.5 IQR whiskers on [1..9, 100]', () => {
    // Sorted: 1 2 3 4 5 6 7 8 9 100; n = 10. q1: h = 2.25 → 3 + 0.25·1 = 3.25; median: h = 4.5 → 5.5;
    // q3: h = 6.75 → 7 + 0.75·1 = 7.75. IQR 4.5, fences −3.5 and 14.5, so 100 is the one outlier.
    expect(boxStats([7, 100, 3, 1, 9, 5, Number.NaN, 2, 8, 6, 4])).toEqual({
      n: 10, min: 1, q1: 3.25, median: 5.5, q3: 7.75, max: 100, lowerWhisker: 1, upperWhisker: 9, outliers: 1,
    });
  });

  it('matches numpy on an even count with ties: [2, 4, 4, 5, 7, 9]', () => {
    // q1: h = 1.25 → 4; median: h = 2.5 → 4.5; q3: h = 3.75 → 5 + 0.75·2 = 6.5.
    const stats = boxStats([2, 4, 4, 5, 7, 9]);
    expect(stats).toMatchObject({ q1: 4, median: 4.5, q3: 6.5, lowerWhisker: 2, upperWhisker: 9, outliers: 0 });
  });

  it('gives null without a finite value, and the box plot leaves that group out', () => {
    expect(boxStats([Number.NaN])).toBeNull();
    expect(JSON.stringify(buildAll().boxPlot)).not.toContain('empty');
  });
});

describe('chart spec builders', () => {
  it('declare Vega-Lite v6 and a title', () => {
    for (const spec of Object.values(buildAll())) {
      expect(spec.$schema).toBe(VEGA_LITE_SCHEMA);
      expect(spec.title).toBeTruthy();
    }
  });

  it('carry no URL: data is inline and the only address is $schema', () => {
    for (const [name, spec] of Object.entries(buildAll())) {
      const { $schema: _schema, ...rest } = spec;
      const json = JSON.stringify(rest);
      expect(json, name).not.toMatch(/https?:|"url"/);
      expect(json, name).toContain('"values"');
    }
  });

  it('are deterministic: the same input gives a JSON-identical spec', () => {
    expect(JSON.stringify(buildAll())).toBe(JSON.stringify(buildAll()));
  });

  it('sample predicted vs actual every k-th point above maxPoints', () => {
    expect(everyKth(10, 3)).toEqual({ step: 4, indices: [0, 4, 8] });
    expect(everyKth(3, 2000)).toEqual({ step: 1, indices: [0, 1, 2] });
    const spec = predictedVsActualSpec({ actual: [1, 2, 3, 4, 5], predicted: [1, 2, 3, 4, 5], maxPoints: 2 });
    const layer = spec.layer as { data: { values: { actual: number }[] } }[];
    expect(layer[1]!.data.values.map((v) => v.actual)).toEqual([1, 4]);
  });

  it('reject inputs whose parts do not line up, saying which', () => {
    expect(() => predictedVsActualSpec({ actual: [1, 2], predicted: [1] })).toThrow('actual has 2 values but predicted has 1');
    expect(() => confusionMatrixSpec({ labels: ['a', 'b'], matrix: [[1, 2]] })).toThrow('must be 2 × 2');
  });
});

describe('renderSvg', () => {
  const specs = buildAll();
  const names = Object.keys(specs);
  const warnings: string[] = [];
  let svgs: string[] = [];

  // One call for every chart: the engines load once and the test stays fast.
  beforeAll(async () => {
    svgs = await renderSvg(Object.values(specs), { onWarning: (message) => warnings.push(message) });
  });

  it('compiles and renders every spec without a warning', () => {
    expect(svgs).toHaveLength(names.length);
    expect(warnings).toEqual([]);
  });

  it.each(names.map((name, i) => [name, i] as const))('%s renders a sized SVG with marks', (name, i) => {
    const svg = svgs[i]!;
    const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg);
    expect(box, name).not.toBeNull();
    expect(Number(box![1])).toBeGreaterThan(0);
    expect(Number(box![2])).toBeGreaterThan(0);
    expect(svg).toMatch(/<g class="mark-(rect|line|symbol|rule|area)[^"]*role-mark[^>]*>\s*<(path|line|rect)/);
  });

  it('references nothing on the network: no http beyond the xmlns attributes', () => {
    for (const svg of svgs) {
      const urls = svg.match(/https?:[^"'\s)]*/g) ?? [];
      expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
    }
  });

  it('returns nothing for no specs', async () => expect(await renderSvg([])).toEqual([]));
});

describe('offline guard', () => {
  it('rejects an SVG that would load from the network, and a spec whose data has a URL', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><image href="https://example.com/a.png"/></svg>';
    expect(() => assertOffline(svg, 'Logo')).toThrow('chart "Logo" references the network');
    expect(() => assertOffline('<svg xmlns="http://www.w3.org/2000/svg"><g clip-path="url(#clip1)"/></svg>', 'ok')).not.toThrow();
    const remote = { $schema: VEGA_LITE_SCHEMA, title: 'Remote', data: { url: 'data/x.csv' }, mark: 'bar' } as const;
    await expect(renderSvg([remote])).rejects.toThrow('chart "Remote" loads data from a URL');
  });
});
