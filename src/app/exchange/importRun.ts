// The write half of an import (JSON and CSV): after every record was checked, the tickets are
// written in short transactions (about 50 ms of writes each, as a batch's chunks), so other agents
// wait about that long at most, whatever the file's size.
//
// Resumable, like a batch: the run is recorded in `batches` (command `import`, keyed by the file's
// SHA-256 and the admin) with the count of ticket records written, updated in each chunk's
// transaction. A killed import is finished by running the same command on the same file: the
// check pass expects the tickets written so far to be there, and the write pass starts after them.
// Organizations and users are written with the run's record, in its first transaction; follow-up
// links last, when every ticket is in.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { Actor } from '../../domain/permissions.js';
import { BadInput } from '../../domain/errors.js';
import type { BatchRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';

export interface ImportProblem {
  /** 1-based line of the record, when the layout allows finding it. */
  line: number | null;
  where: string;
  message: string;
}

/** The import was refused: nothing was written. `problems` lists the first bad records, `total` counts them all. */
export class ImportRejected extends BadInput {
  readonly problems: ImportProblem[];
  readonly total: number;
  constructor(problems: ImportProblem[], total = problems.length) {
    super(`import refused: ${total} problem${total === 1 ? '' : 's'} (listed above); nothing was written`);
    this.problems = problems;
    this.total = total;
  }
}

/** Problems kept for the report (the CLI lists 50); the rest are only counted. */
const KEPT_PROBLEMS = 1000;

export class Problems {
  readonly list: ImportProblem[] = [];
  count = 0;
  add(problem: ImportProblem): void {
    this.count++;
    if (this.list.length < KEPT_PROBLEMS) this.list.push(problem);
  }
  throwIfAny(): void {
    if (this.count) throw new ImportRejected(this.list, this.count);
  }
}

export interface ImportSummary {
  organizations: number;
  users: number;
  tickets: number;
  /** Tickets an earlier, interrupted run of the same file had written (this run finished it). */
  resumed: number;
}

export const IMPORT_COMMAND = 'import';

/** The run of this file by this admin that was interrupted, if any. */
export function unfinishedImport(ctx: AppContext, actor: Actor, fingerprint: string): BatchRow | undefined {
  return ctx.store.read(() => ctx.batch.unfinished(IMPORT_COMMAND, actor.id, fingerprint)[0]);
}

export interface ImportJob<T> {
  format: 'json' | 'csv';
  /** `sha256:…` of the file's text: the resume key. */
  fingerprint: string;
  /** Ticket records in the file. */
  total: number;
  /** The highest ticket id in the file: new tickets made during the import come after it. */
  maxId: number;
  /** The interrupted run being finished, if any. */
  resume: BatchRow | undefined;
  /** Writes what precedes the tickets (organizations, users), in the run's first transaction. */
  prepare(): { organizations: number; users: number };
  /** The file's ticket records again, in file order. */
  tickets(): AsyncIterable<{ record: T; size: number }>;
  idOf(record: T): number;
  /** Writes a chunk's tickets with everything hanging off them; returns the users it created. */
  write(records: T[], batchId: string): number;
  /** (ticket, followUpOf) pairs, set when every ticket is in. */
  followUps: Array<[number, number]>;
}

const PAUSE_MS = 10;
const CHUNK_BYTES = 8 << 20;

/** Writes the job's tickets in chunks of about `budgetMs` of work each; resumable (see above). */
export interface ImportOptions {
  /** Work per transaction (ms). */
  budgetMs?: number;
  /** One line per chunk with where its time went (`TICKETTY_BATCH_TRACE`). */
  trace?: (line: string) => void;
}

export async function runImport<T>(ctx: AppContext, actor: Actor, job: ImportJob<T>, options: ImportOptions = {}): Promise<ImportSummary> {
  const budgetMs = options.budgetMs ?? 50;
  const batch = ctx.batch;
  const exchange = ctx.exchange;
  let people = { organizations: 0, users: 0 };
  const row =
    job.resume ??
    ctx.store.write(() => {
      people = job.prepare();
      exchange.reserveTicketIds(job.maxId);
      return batch.insert({
        id: randomUUID(),
        command: IMPORT_COMMAND,
        actorId: actor.id,
        filter: job.fingerprint,
        params: JSON.stringify({ format: job.format }),
        total: job.total,
        createdAt: ctx.nowMs(),
      });
    });
  const skip = job.resume?.done ?? 0;
  let done = skip;
  let users = people.users;
  let size = 50;
  let position = 0;
  let chunk: T[] = [];
  let bytes = 0;
  let committed: number | undefined;
  const pacing = ctx.store.batchPacing();
  const flush = async () => {
    if (!chunk.length) return;
    const begun = performance.now();
    await pacing.settle();
    const left = committed === undefined ? 0 : PAUSE_MS - (performance.now() - committed);
    await (left > 0 ? sleep(left) : nextTurn());
    await pacing.beforeWrite();
    const started = performance.now();
    const list = chunk;
    ctx.store.write(() => {
      const taken = exchange.ticketIdsTaken(list.map((r) => job.idOf(r)));
      if (taken.length)
        throw new BadInput(`ticket #${taken[0]} was created by someone else during the import; nothing of this chunk was written`);
      users += job.write(list, row.id);
      batch.setDone(row.id, done + list.length);
    });
    committed = performance.now();
    done += list.length;
    const ms = committed - started;
    options.trace?.(`import chunk ${list.length} tickets: pause ${(started - begun).toFixed(1)} ms, lock ${ms.toFixed(1)} ms`);
    size = Math.max(1, Math.min(size * 2, Math.floor((budgetMs * list.length) / Math.max(ms, 0.01)), 5000));
    chunk = [];
    bytes = 0;
    pacing.afterWrite();
  };
  try {
    for await (const { record, size: recordBytes } of job.tickets()) {
      if (position++ < skip) continue;
      chunk.push(record);
      bytes += recordBytes;
      if (chunk.length >= size || bytes >= CHUNK_BYTES) await flush();
    }
    await flush();
    if (done !== job.total)
      throw new BadInput(`the file changed during the import (${done} tickets read, ${job.total} checked): run it again`);
    for (let i = 0; i < job.followUps.length; i += 2000) {
      const slice = job.followUps.slice(i, i + 2000);
      ctx.store.write(() => exchange.setFollowUps(slice));
      await nextTurn();
    }
    ctx.store.write(() => batch.finish(row.id, done, ctx.nowMs()));
  } finally {
    await pacing.close();
  }
  return { ...people, users, tickets: done - skip, resumed: skip };
}
