/**
 * `spm init`'s params.yaml (pure): the plan's decisions as a commented YAML file that
 * validates as it is, each decision's reason beside it, and the other keys left to their
 * defaults (README "Params reference").
 */
import type { Decision, InitPlan } from './init-plan.js';

/** A YAML scalar: plain when it cannot be read as anything but that string, else a JSON (double-quoted YAML) string. */
export function yamlString(s: string): string {
  const plain = /^[A-Za-z_./][A-Za-z0-9_./-]*$/.test(s) && !/^(true|false|yes|no|on|off|null|y|n|\.inf|\.nan)$/i.test(s);
  return plain ? s : JSON.stringify(s);
}

const flowList = (items: readonly string[]): string => `[${items.map(yamlString).join(', ')}]`;
const flowMap = (entries: Readonly<Record<string, string>>): string => `{ ${Object.entries(entries).map(([k, v]) => `${yamlString(k)}: ${yamlString(v)}`).join(', ')} }`;

/** A decision's reason as a comment (one line, never ending the YAML value early). */
const comment = (d: Decision | undefined): string => (d ? `  # ${d.reason.replace(/\s+/g, ' ')}` : '');

/**
 * `schema`: where params.schema.json is for an editor (yaml-language-server), relative to the
 * params file or a URL; see schemaLocation in find-params.ts.
 */
export function renderInitYaml(plan: InitPlan, meta: { readonly file: string; readonly version: string; readonly schema?: string }): string {
  const why = (key: string): Decision | undefined => plan.decisions.find((d) => d.key === key);
  const lines = [
    ...(meta.schema ? [`# yaml-language-server: $schema=${meta.schema}`] : []),
    `# spm params, written by \`spm init ${meta.file}\` (spm ${meta.version}): every key but data.source and`,
    '# data.target has a default (README "Params reference"). Check the guesses below, then `spm run`.',
    'data:',
    `  source: ${yamlString(plan.source)}${comment(why('data.source'))}`,
  ];
  const dialect = Object.entries(plan.dialect);
  if (dialect.length) {
    lines.push('  csv:                                # how the file is written (detected)');
    for (const [key, value] of dialect) lines.push(`    ${key}: ${yamlString(value)}`);
  }
  lines.push(
    `  target: ${yamlString(plan.target)}${comment(why('data.target'))}`,
    `  task: ${plan.task}${comment(why('data.task'))}`,
  );
  if (plan.positiveClass !== null) lines.push(`  positive_class: ${yamlString(plan.positiveClass)}${comment(why('data.positive_class'))}`);
  lines.push(`  id_columns: ${flowList(plan.idColumns)}${comment(why('data.id_columns'))}`);
  if (Object.keys(plan.types).length) {
    lines.push(`  types:${comment(why('data.types'))}`, '    # remove a line to read that column as numbers again (when its order matters: a count, a scale)');
    for (const [name, type] of Object.entries(plan.types)) lines.push(`    ${yamlString(name)}: ${type}`);
  } else {
    lines.push('  # types: { column: categorical }  # integer codes (0–4, a course code) are read as numbers unless declared');
  }
  lines.push(
    'evaluate:',
    `  gates: ${flowMap({ [plan.gate.metric]: plan.gate.condition })}${comment(why(`evaluate.gates.${plan.gate.metric}`))}`,
    `  sensitive: ${flowList(plan.sensitive)}${comment(why('evaluate.sensitive'))}`,
    '',
  );
  return lines.join('\n');
}
