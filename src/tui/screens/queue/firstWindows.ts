// The first windows of the tabs beside the one on screen, read while the keys rest, so that Tab
// draws its rows without a query on the key (on a million tickets a tab's first page is 10-20 ms
// of the key's frame). A window is kept for one data generation (the live refresh bumps it on
// every change by anyone and at each minute, for the countdowns): within it, it is exactly what a
// read on the key would give.
import type { QueueWindow } from '../../../app/tickets/queuePage.js';

/** Enough for the tabs on either side, and the one just left (Tab, then Shift-Tab). */
const KEPT = 4;

export class FirstWindows {
  private generation: number | null = null;
  private readonly windows = new Map<string, QueueWindow>();

  /** The window read for `key` in `generation`, if any. */
  get(key: string, generation: number): QueueWindow | undefined {
    return generation === this.generation ? this.windows.get(key) : undefined;
  }

  has(key: string, generation: number): boolean {
    return this.get(key, generation) !== undefined;
  }

  put(key: string, generation: number, window: QueueWindow): void {
    if (generation !== this.generation) {
      this.windows.clear();
      this.generation = generation;
    }
    this.windows.delete(key);
    this.windows.set(key, window);
    // The oldest first (a Map keeps insertion order).
    for (const old of this.windows.keys()) {
      if (this.windows.size <= KEPT) break;
      this.windows.delete(old);
    }
  }
}
