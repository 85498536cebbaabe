// Runs the analysis half of the statistics (stats-analysis.ts) on a worker thread while the
// calling thread reads the log context and then runs the ordered stage: two cores busy instead of
// one. The caller stays synchronous: it takes the worker's messages with receiveMessageOnPort and
// waits on a shared counter when none is there. The worker stays at most MAX_AHEAD messages
// ahead, so memory is bounded whatever the size of the logs.
//
// The worker runs the bundle the caller runs (the CLI's, the stats worker's): this module, seeing
// the job in its workerData, does the work as the bundle loads and ends the thread, so the two
// halves always come from the same build.

import { isMainThread, MessageChannel, receiveMessageOnPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import { enableLinearRegexFallback } from './regex-fallback';
import { analyseLogs, batchBuffers, type AnalysisJob, type AnalysisMessage } from './stats-analysis';

/** What the worker is given (workerData) when it is started for an analysis. */
export interface AnalysisWorkerData {
  promptsiftStatsAnalysis: AnalysisJob;
  port: MessagePort;
  /** [messages posted, messages taken] */
  counters: SharedArrayBuffer;
}

const POSTED = 0;
const TAKEN = 1;
/** Messages (of about a thousand records each) the worker may post before the caller takes them. */
const MAX_AHEAD = 48;
/** How long one wait lasts before the other side's state is looked at again. */
const WAIT_MS = 200;
/**
 * A worker that posts nothing for this long has died (out of memory, killed) or hangs: the caller,
 * which never turns its event loop while it waits, cannot hear its exit event, so it gives up
 * instead of waiting forever. A batch of about a thousand records takes well under a second.
 */
const STALL_MS = 120_000;

export interface AnalysisSource extends Iterable<AnalysisMessage> {
  /** Stops the worker (if any); call it when done, also after a failure. */
  close(): void;
}

/** The running bundle, which can be the analysis worker's script; undefined when run from the sources. */
export function defaultAnalysisWorkerPath(): string | undefined {
  return __filename.endsWith('.js') ? __filename : undefined;
}

/**
 * Starts the analysis of `job` on a worker running `workerPath` (stats-worker.js), or in process
 * (lazily, as the messages are taken) when there is no worker script.
 */
export function startAnalysis(job: AnalysisJob, workerPath: string | undefined, { stallMs = STALL_MS }: { stallMs?: number } = {}): AnalysisSource {
  if (workerPath === undefined) {
    return { [Symbol.iterator]: () => analyseLogs(job), close: () => {} };
  }
  const counters = new SharedArrayBuffer(8);
  const state = new Int32Array(counters);
  const { port1, port2 } = new MessageChannel();
  const data: AnalysisWorkerData = { promptsiftStatsAnalysis: job, port: port2, counters };
  const worker = new Worker(workerPath, { workerData: data, transferList: [port2] });
  // The caller's thread may be busy for a while (the first pass): no event loop turn is needed
  // for the worker to start and work, and none to take its messages.
  worker.unref();
  let isClosed = false;
  const close = (): void => {
    if (isClosed) return;
    isClosed = true;
    port1.close();
    void worker.terminate();
  };
  function* messages(): Generator<AnalysisMessage, void, undefined> {
    // Since when this side has found nothing to take (not counting the time it spent elsewhere).
    let waitingSince: number | undefined;
    for (;;) {
      const posted = Atomics.load(state, POSTED);
      const received = receiveMessageOnPort(port1);
      if (received === undefined) {
        waitingSince ??= Date.now();
        if (Date.now() - waitingSince > stallMs) {
          yield { type: 'failed', message: `the analysis thread posted nothing for ${stallMs / 1000} s: it stopped (out of memory?) or hangs` };
          return;
        }
        Atomics.wait(state, POSTED, posted, WAIT_MS);
        continue;
      }
      waitingSince = undefined;
      Atomics.add(state, TAKEN, 1);
      Atomics.notify(state, TAKEN);
      const message = received.message as AnalysisMessage | { type: 'done' };
      if (message.type === 'done') return;
      yield message;
      if (message.type === 'failed') return;
    }
  }
  return { [Symbol.iterator]: messages, close };
}

/** The worker's side: posts the job's messages, never more than MAX_AHEAD ahead of the caller. */
export function runAnalysisWorker(data: AnalysisWorkerData): void {
  const state = new Int32Array(data.counters);
  const post = (message: AnalysisMessage | { type: 'done' }): void => {
    for (;;) {
      const taken = Atomics.load(state, TAKEN);
      if (Atomics.load(state, POSTED) - taken < MAX_AHEAD) break;
      Atomics.wait(state, TAKEN, taken, WAIT_MS);
    }
    data.port.postMessage(message, message.type === 'batch' ? batchBuffers(message) : []);
    Atomics.add(state, POSTED, 1);
    Atomics.notify(state, POSTED);
  };
  try {
    for (const message of analyseLogs(data.promptsiftStatsAnalysis)) post(message);
    post({ type: 'done' });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
  // The thread ends next: wait until the caller has every message.
  for (;;) {
    const taken = Atomics.load(state, TAKEN);
    if (taken >= Atomics.load(state, POSTED)) break;
    Atomics.wait(state, TAKEN, taken, WAIT_MS);
  }
}

if (!isMainThread && (workerData as Partial<AnalysisWorkerData> | null)?.promptsiftStatsAnalysis) {
  enableLinearRegexFallback();
  runAnalysisWorker(workerData as AnalysisWorkerData);
  // Nothing else of the bundle (a CLI, a worker's message handler) runs on this thread.
  process.exit(0);
}
