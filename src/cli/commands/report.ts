/** `spm report [-o FILE] [--model REF] [--vega DIR]`: one self-contained HTML report with charts. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface ReportOptions {
  readonly output: string;
  readonly model?: string;
  readonly vega?: string;
}

export const reportCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('report')
      .description('write a self-contained HTML report: data profile, factors, model comparison, test performance, importance, fairness, segments, drift and a model card')
      .option('-o, --output <file>', 'the HTML file to write', 'report.html')
      .option('--model <ref>', 'the evaluation to report on: latest (building what is stale first), an evaluate id or prefix, or an alias', 'latest')
      .option('--vega <dir>', "also write every chart's Vega-Lite spec to this folder (one .vl.json per chart)")
      .addHelpText(
        'after',
        `
The file needs no network and no script: charts are inline SVG, and it prints on A4.

Examples:
  spm report                             report.html for the current params
  spm report -o production.html --model production
  spm report --vega charts/              the specs too, for your own dashboards`,
      )
      .action(
        action<ReportOptions>(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { gatherReport }, { buildReport }, { renderSvg }, { renderHtml }, { writeReportFiles }] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../actions/report.js'),
            import('../../report/build-report.js'),
            import('../../report/render-svg.js'),
            import('../../report/html.js'),
            import('../../report/write-report.js'),
          ]);
          const ws = await openWorkspace(opts);
          const input = await gatherReport(ws, opts.model, { progress: ui.progress, warn: ui.warn });
          const sections = buildReport(input);
          const charts = sections.flatMap((s) => s.charts);
          ui.progress(`report: drawing ${charts.length} charts…`);
          const svgs = await renderSvg(charts.map((c) => c.spec));
          const html = renderHtml(input.title, `evaluate ${input.versions.evaluate} · model ${input.metrics.model} · ${input.created.slice(0, 10)} · spm`, sections, svgs);
          const written = await writeReportFiles(opts.output, html, opts.vega ? { dir: opts.vega, charts } : undefined);
          ui.result({ output: opts.output, evaluate: input.versions.evaluate, sections: sections.map((s) => s.id), charts: charts.length, vega: written.vega }, () =>
            `wrote ${opts.output} (${sections.length} sections, ${charts.length} charts)${written.vega.length ? `; ${written.vega.length} Vega-Lite specs in ${opts.vega}` : ''}`,
          );
        }),
      );
  },
};
