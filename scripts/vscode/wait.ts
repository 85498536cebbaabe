// Polling with a deadline, shared by the driver and the in-host test helpers: the only way this
// harness waits for something that has no event to listen to.

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Gives up at once, with the signal's reason, when the awaited thing can no longer happen. */
  signal?: AbortSignal;
}

/**
 * Calls `probe` until it returns something other than `undefined` or `false`, and returns that.
 * Throws after `timeoutMs`, naming `what` and quoting the last error `probe` threw, if any.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 10_000, intervalMs = 100, signal }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError === undefined ? '' : ` (last error: ${errorMessage(lastError)})`;
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
