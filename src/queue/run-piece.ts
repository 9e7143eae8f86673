/**
 * Runs one piece in this process, as the command it stands for would (pieces.ts): the body of a
 * queue worker's thread (piece-worker.ts). Returns the piece's JSON-safe result; errors are
 * thrown as the command would throw them (an SpmError with its code, so its exit code survives
 * the trip through the queue).
 */
import { SpmError } from '../errors.js';
import { localRunner } from '../pipeline/run-local.js';
import type { PipelineSummary } from '../pipeline/run-many.js';
import { stagesUntil } from '../pipeline/stages.js';
import { trainShard, type TrainShardResult } from '../pipeline/train-shard.js';
import { openWorkspace, type Workspace } from '../pipeline/workspace.js';
import type { PredictFileSummary } from '../scoring/predict-file.js';
import type { Piece, ProjectRef } from './pieces.js';

export type PredictShardSummary = Omit<PredictFileSummary, 'sample_rejects'> & { readonly model: string };

/** What each kind of piece returns. */
export interface PieceResults {
  readonly 'train-fits': TrainShardResult;
  readonly 'predict-shard': PredictShardSummary;
  readonly pipeline: PipelineSummary;
  readonly noop: { readonly n: number };
}

export type PieceResult = PieceResults[keyof PieceResults];

const open = (project: ProjectRef): Promise<Workspace> =>
  openWorkspace({ params: project.params, set: project.set, ...(project.artifacts === undefined ? {} : { artifacts: project.artifacts }) });

export async function runPiece(piece: Piece, log: (text: string) => void = () => {}): Promise<PieceResult> {
  switch (piece.kind) {
    case 'noop':
      return { n: piece.n };
    case 'train-fits': {
      const ws = await open(piece.project);
      const result = await trainShard(ws, piece.shard, { warn: log });
      // The coordinator planned this train version: a different one means the params or data changed under it.
      if (result.train_id !== piece.train_id) {
        throw new SpmError('QUEUE_PIECE_FAILED', `${piece.project.params} now plans train/${result.train_id}, not train/${piece.train_id} as when the fits were queued: the params or the data changed meanwhile`, {
          hint: 'run the command again',
        });
      }
      return result;
    }
    case 'predict-shard': {
      const ws = await open(piece.project);
      const [{ loadScoring }, { predictShard }, { storeRecorder }] = await Promise.all([
        import('../pipeline/resolve.js'),
        import('../scoring/predict-shard.js'),
        import('../scoring/prediction-batch.js'),
      ]);
      const scoring = await loadScoring(ws, piece.model);
      const record = ws.loaded.params.predict.record ? storeRecorder(ws.store, scoring, piece.source) : undefined;
      const summary = await predictShard(scoring.pipeline, {
        input: piece.input,
        output: piece.output,
        explain: piece.explain,
        threshold: scoring.threshold,
        ...(record ? { record } : {}),
        shard: piece.shard,
        model: scoring.trainId,
      });
      const { sample_rejects: _s, ...rest } = summary;
      return { ...rest, model: scoring.trainId };
    }
    case 'pipeline': {
      // What `spm run -p PATTERN` runs locally for each params file (run-local.ts), so the summary is the same.
      const stages = stagesUntil(piece.until);
      const run = localRunner({ set: piece.project.set, ...(piece.project.artifacts === undefined ? {} : { artifacts: piece.project.artifacts }), stages, force: piece.force === true });
      return run(piece.project.params, { index: 0, total: 1, progress: () => {}, warn: log });
    }
  }
}
