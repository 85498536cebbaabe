// The stats worker: runs the two passes of the campaign statistics over logs on disk, off the
// extension host's thread, and posts its progress (at most every 150 ms) and the result. One run
// per worker: the host stops a run by terminating its worker.

import { parentPort } from 'node:worker_threads';
import { enableLinearRegexFallback } from './regex-fallback';
import type { RunMessage, StatsWorkerMessage } from './stats-protocol';
import { runStatsPasses } from './stats-run';

const PROGRESS_EVERY_MS = 150;

function post(message: StatsWorkerMessage): void {
  parentPort?.postMessage(message);
}

parentPort?.once('message', (message: RunMessage) => {
  enableLinearRegexFallback();
  let last = 0;
  try {
    // This bundle is the analysis worker's script too: the second pass's analysis runs on a worker of its own.
    const result = runStatsPasses({ analysis: 'worker', ...message.request }, (progress) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS) return;
      last = now;
      post({ type: 'progress', ...progress });
    });
    post({ type: 'done', result });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
