/** `spm export [REF] --format onnx -o FILE`: the whole scoring pipeline as one ONNX graph other engines score. */
import { Option, type Command } from 'commander';
import { action, type CommandModule } from '../command.js';
import { createUi } from '../ui.js';

interface ExportOptions {
  readonly format: string;
  readonly output: string;
}

export const exportCommand: CommandModule = {
  register(program: Command, setExitCode) {
    program
      .command('export')
      .description('write a trained model with its whole feature pipeline as one ONNX graph (ai.onnx.ml operators) that ONNX Runtime scores in Python, Java, C#, JavaScript or the browser')
      .argument('[ref]', 'the model: latest (the current params), a train or evaluate id or unique prefix, or an alias', 'latest')
      .addOption(new Option('--format <format>', 'the file format').choices(['onnx']).default('onnx'))
      .requiredOption('-o, --output <file>', 'the file to write (written whole or not at all)')
      .addHelpText(
        'after',
        `
The graph takes one input per feature column, shaped [N, 1]: float32 for numbers (NaN is a
missing value), strings for categories (empty, NA, NaN, null… are missing; a category the
model never saw is scored as spm scores it, all zeros). Outputs: \`prediction\` and, for
classifiers, \`probabilities\` (classes in the order of the metadata's class_labels); the binary
decision threshold is in the graph. Metadata: spm version, lineage ids, target, task,
threshold, features and test metrics. See the README, "Scoring elsewhere".

Examples:
  spm export -o model.onnx                        the model of the current params
  spm export production --format onnx -o prod.onnx
  spm export 3f2a9c -o model.onnx --json          a summary of inputs, outputs and lineage`,
      )
      .action(
        action<ExportOptions>(setExitCode, async (opts, [ref = 'latest']) => {
          const ui = createUi(opts);
          const [{ openWorkspace }, { exportModel }] = await Promise.all([import('../../pipeline/workspace.js'), import('../../actions/export.js')]);
          const ws = await openWorkspace(opts, { paramsOptional: ref !== 'latest' });
          const summary = await exportModel(ws, { ref, format: opts.format, output: opts.output });
          ui.result(summary, () => {
            const inputs = summary.inputs.map((i) => `${i.name} (${i.type})`).join(', ');
            return [
              `wrote ${summary.output} (${summary.bytes} bytes, ONNX, ${summary.nodes} nodes): ${summary.model} ${summary.task} of ${summary.target}, train version ${summary.train_id}`,
              `  inputs: ${inputs}`,
              `  outputs: ${summary.outputs.join(', ')}${summary.threshold !== null ? `; decision threshold ${summary.threshold}` : ''}`,
              `  not in the graph: ${summary.not_exported.join('; ')}`,
            ].join('\n');
          });
        }),
      );
  },
};
