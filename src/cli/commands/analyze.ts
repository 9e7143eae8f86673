/** `spm analyze`: which factors drive the target — group figures, tests, effect sizes, ranked. */
import type { Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

export const analyzeCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('analyze')
      .description('which factors drive the target: group sizes and means, the fitting test, p-value and effect size per factor, strongest first')
      .addHelpText(
        'after',
        `
Reads every row ingest kept (running ingest first if needed). Tests: a categorical factor
against a numeric target → Welch t-test (2 groups, Cohen's d) or one-way ANOVA (η²), with
Mann-Whitney U / Kruskal-Wallis beside them when a group is skewed; a numeric factor →
Pearson r (Spearman beside it when skewed); against a class target → chi-square (Cramér's V).
Ranked by the share of the target's variance the factor accounts for (η², r², V²).

Examples:
  spm analyze
  spm analyze --json | jq '.factors[0]'
  spm analyze -S data.target=reading_score`,
      )
      .action(
        action(setExitCode, async (opts) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { loadIngested, analyzeIngested }, { renderAnalysis }] = await Promise.all([
            import('../../pipeline/workspace.js'),
            import('../../actions/analyze.js'),
            import('../render-analysis.js'),
          ]);
          const ws = await openWorkspace(opts);
          ui.progress('analyze: reading the ingested data…');
          const data = await loadIngested(ws, { progress: ui.progress, warn: ui.warn });
          const result = analyzeIngested(data);
          ui.result(result, () => renderAnalysis(result, ui.c));
        }),
      );
  },
};
