// Runs refreshes by key: at most one at a time per key, either after a delay that every new
// request restarts (debounce) or at once when a caller waits for the result.
import type * as vscode from 'vscode';

export class RefreshScheduler implements vscode.Disposable {
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Map<string, Promise<void>>();

  /** `refresh` must not throw: it reports its own failures. */
  constructor(private readonly refresh: (key: string) => Promise<void>) {}

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  /** Refreshes `key` after `delayMs`, replacing a refresh of it that is still waiting. */
  schedule(key: string, delayMs: number): void {
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => void this.run(key), delayMs),
    );
  }

  /** Refreshes `key` now, after the refresh of it in progress if any; resolves when done. */
  run(key: string): Promise<void> {
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const next = (this.running.get(key) ?? Promise.resolve()).then(() => this.refresh(key));
    this.running.set(key, next);
    return next.finally(() => {
      if (this.running.get(key) === next) this.running.delete(key);
    });
  }
}
