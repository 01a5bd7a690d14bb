// The queue's total, counted off the render thread (app/tickets/queueCounter.ts): one count at a
// time. A count for another query is cancelled when the query changes (tab, filter, search); a
// data change while the same query is being counted does not restart it from zero: the running
// count finishes, its total is shown marked stale, and one more count follows for the new data.
import type { Actor } from '../../../domain/permissions.js';
import type { QueueCounter } from '../../../app/tickets/queueCounter.js';

type Where = string | undefined;

export interface TotalAnswer {
  where: Where;
  total: number;
  /** False when the data changed since this count began: another count is on its way. */
  fresh: boolean;
}

export class QueueTotal {
  private running: { where: Where; generation: number; controller: AbortController } | null = null;
  /** The query and data the screen wants counted. */
  private wanted: { where: Where; generation: number } | null = null;
  /** The last count answered, and for which data. */
  private done: { where: Where; generation: number } | null = null;

  constructor(
    private readonly counter: QueueCounter,
    private readonly actor: Actor,
    private readonly onAnswer: (answer: TotalAnswer) => void,
    private readonly onError: (error: unknown) => void,
    /** While a count runs: how many it has counted so far (of `where`, the query still wanted). */
    private readonly onProgress: (where: Where, countedSoFar: number) => void = () => undefined,
  ) {}

  /** Wants `where` counted as of `generation`; true while an answer for it is still to come. */
  request(where: Where, generation: number): boolean {
    this.wanted = { where, generation };
    if (this.done && this.done.where === where && this.done.generation === generation && !this.running) return false;
    if (this.running) {
      if (this.running.where === where) return true; // finishes, then recounts if the data changed
      this.running.controller.abort();
      this.running = null;
    }
    this.start(where, generation);
    return true;
  }

  stop(): void {
    this.running?.controller.abort();
    this.running = null;
  }

  private start(where: Where, generation: number): void {
    const controller = new AbortController();
    const running = { where, generation, controller };
    this.running = running;
    this.done = null; // the last answer stays valid only until the next count starts
    const progress = (countedSoFar: number) => this.running === running && this.onProgress(where, countedSoFar);
    this.counter.count(this.actor, where, controller.signal, progress).then(
      (total) => {
        if (this.running !== running) return; // moot: another query replaced it
        this.running = null;
        this.done = { where, generation };
        const wanted = this.wanted;
        const again = wanted !== null && wanted.where === where && wanted.generation !== generation;
        this.onAnswer({ where, total, fresh: !again });
        if (again) this.start(where, wanted.generation);
      },
      (error: unknown) => {
        if (this.running !== running) return;
        this.running = null;
        this.onError(error);
      },
    );
  }
}
