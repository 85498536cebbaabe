// Runs the campaign statistics on a worker thread of its own, so that the thread that asks (the
// extension host) stays free: progress comes back as it goes, an abort terminates the worker at
// once (even inside a slow rule), and a heap limit keeps a huge log from taking the host down.

import { Worker } from 'node:worker_threads';
import type { RunMessage, StatsWorkerMessage } from './stats-protocol';
import type { StatsRunProgress, StatsRunRequest, StatsRunResult } from './stats-run';

export type { ExcludedMatch, StatsRunFile, StatsRunProgress, StatsRunRequest, StatsRunResult } from './stats-run';

export interface ComputeOptions {
  /** The bundled worker script (stats-worker.js). */
  workerPath: string;
  onProgress?(progress: StatsRunProgress): void;
  signal?: AbortSignal;
  /** The worker's old-generation heap limit (default 1 GiB). */
  maxHeapMb?: number;
}

/** Resolves with the result, or with undefined when aborted; rejects when the worker fails or dies. */
export function computeStats(request: StatsRunRequest, options: ComputeOptions): Promise<StatsRunResult | undefined> {
  if (options.signal?.aborted) return Promise.resolve(undefined);
  const worker = new Worker(options.workerPath, { resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 1024 } });
  return new Promise<StatsRunResult | undefined>((resolve, reject) => {
    let isSettled = false;
    const settle = (finish: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      finish();
    };
    const onAbort = (): void => settle(() => resolve(undefined));
    options.signal?.addEventListener('abort', onAbort);
    worker.on('message', (message: StatsWorkerMessage) => {
      if (message.type === 'progress') {
        if (!isSettled) options.onProgress?.({ phase: message.phase, bytesDone: message.bytesDone, bytesTotal: message.bytesTotal });
      } else if (message.type === 'done') {
        settle(() => resolve(message.result));
      } else {
        settle(() => reject(new Error(message.message)));
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the stats worker stopped (exit code ${code}) before it finished`))));
    worker.postMessage({ type: 'run', request } satisfies RunMessage);
  });
}
