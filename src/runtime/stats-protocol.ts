// Messages between the extension host and a stats worker: one run per worker, plain data only.

import type { StatsRunProgress, StatsRunRequest, StatsRunResult } from './stats-run';

export interface RunMessage {
  type: 'run';
  request: StatsRunRequest;
}

export type StatsWorkerMessage =
  | ({ type: 'progress' } & StatsRunProgress)
  | { type: 'done'; result: StatsRunResult }
  | { type: 'failed'; message: string };
