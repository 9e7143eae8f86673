/** transform: fit the feature pipeline on the train split only, and store it as data. */
import { fitTransformer } from '../../features/transformer.js';
import { derivedList } from '../../features/derive.js';
import type { Manifest } from '../../store/manifest.js';
import type { ArtifactStore } from '../../store/store.js';
import type { Params } from '../params.js';
import { sliceOf, type StageContext, type StageRunner } from '../stage-runner.js';
import { featureNamesOf, loadSplit, loadTransformer } from './load.js';

export const transformStage: StageRunner = {
  async run(ctx: StageContext) {
    const { schema, table } = await loadSplit(ctx.ws.store, ctx.upstream.ingest!, 'train');
    // features.derive is in the slice only when set (stages.ts STAGE_PARAMS_WHEN_SET).
    const slice = sliceOf<{ transform: Params['transform']; features?: { derive?: Params['features']['derive'] } }>(ctx);
    const transformer = fitTransformer(table, featureNamesOf(schema), slice.transform, derivedList(slice.features?.derive));
    await ctx.writer.writeJson('transformer.json', transformer);
    return { inputs: transformer.inputs.length, features: transformer.featureNames.length };
  },

  async details(store: ArtifactStore, manifest: Manifest) {
    const t = await loadTransformer(store, manifest.id);
    return { inputs: t.inputs.map((s) => s.name), features: t.featureNames, ...(t.derived ? { derived: t.derived } : {}) };
  },
};
