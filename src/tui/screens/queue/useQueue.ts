// The queue's state and its loads, apart from the view (after cli-kit's reducer hooks). Reads go
// through app/tickets/queuePage.ts only: one window of rows on a keyset; the total is counted off the
// render thread (queueTotal.ts), so the page appears first and the count follows.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  composeFilters,
  loadQueueAround,
  loadQueueWindow,
  searchFilter,
  type QueueStart,
  type QueueWindow,
} from '../../../app/tickets/queuePage.js';
import { QUEUE_SORTS, queueTabs, sortText, type QueueTab } from '../../../app/tickets/queueTabs.js';
import type { TicketSummary } from '../../../app/tickets/ticketQueries.js';
import { cliCommand } from '../../cliEquivalent.js';
import type { Shell } from '../../shell/ShellContext.js';
import { QueueTotal, type TotalAnswer } from './queueTotal.js';
import { bufferOf, windowAt, withRowsAfter, withRowsBefore, type QueueBuffer } from './queueBuffer.js';
import { FirstWindows } from './firstWindows.js';

export interface QueueQuery {
  tab: number;
  sort: number;
  search: string;
  filter: string;
}

export interface QueueState {
  query: QueueQuery;
  window: QueueWindow;
  cursor: number;
  /** The view's total; null while it is being counted (a new query). */
  total: number | null;
  /** The total shown is of older data: a recount is on its way. */
  totalStale: boolean;
  /** While the total is counted: at least this many match so far, in steps of PROGRESS_STEP (null: fewer, or not counting). */
  totalAtLeast: number | null;
  /** The first window has been read (an empty one means no ticket matches). */
  loaded: boolean;
  selected: ReadonlySet<number>;
  /** Select-all: the whole view (tab, search and filter as they are) is selected, by its filter. */
  selectedView: boolean;
}

/** A running count shows "≥ 10,000", then "≥ 20,000"…: a frame per step, not per slice. */
export const PROGRESS_STEP = 10_000;
const EMPTY: QueueWindow = { rows: [], hasBefore: false, hasAfter: false };
/** How long the keys rest before the neighbouring tabs' first windows are read (see firstWindows.ts). */
export const PREFETCH_REST_MS = 200;

/** The tabs to try at start, in order: All open first for admins, else the tabs in their order. */
function startOrder(tabs: readonly QueueTab[], admin: boolean): number[] {
  const all = tabs.map((_, i) => i);
  const open = tabs.findIndex((t) => t.id === 'open');
  return admin && open >= 0 ? [open, ...all.filter((i) => i !== open)] : all;
}

/** `shown`: no other screen covers the queue (a data change meanwhile is read when it shows again). */
export function useQueue(shell: Shell, pageSize: number, shown = true) {
  const tabs = useMemo(() => queueTabs(shell.actor, shell.config.views), [shell.actor, shell.config.views]);
  const { app, actor } = shell;
  const whereOf = useCallback((q: QueueQuery) => composeFilters([tabs[q.tab]?.filter, q.filter, searchFilter(q.search)]), [tabs]);
  const inputOf = useCallback((q: QueueQuery) => ({ where: whereOf(q), sort: QUEUE_SORTS[q.sort]!, size: pageSize }), [whereOf, pageSize]);
  // The first window is read before the first render: else the first frame is an empty queue and
  // the loaded one waits out Ink's frame throttle (~35 ms of start-up). On an error the queue
  // starts empty and the first reload below reports it.
  const [state, setState] = useState<QueueState>(() => {
    let query = { tab: 0, sort: 0, search: '', filter: '' };
    const empty = {
      query,
      window: EMPTY,
      cursor: 0,
      total: null,
      totalAtLeast: null,
      totalStale: false,
      loaded: false,
      selected: new Set<number>(),
      selectedView: false,
    };
    try {
      // First run (shell.startOn 'auto'): admins start on All open; anyone else whose first tab is
      // empty starts on the first tab with tickets, so the first screen is never an empty list.
      const order = shell.startOn === 'auto' ? startOrder(tabs, actor.role === 'admin') : [0];
      let window = EMPTY;
      for (const tab of order) {
        query = { ...query, tab };
        window = loadQueueWindow(app, actor, inputOf(query), { kind: 'first' });
        if (window.rows.length) break;
      }
      // Every tab empty: the first one, empty as they all are.
      if (!window.rows.length) query = { ...query, tab: order[0]! };
      return { ...empty, query, window, loaded: true };
    } catch {
      return empty;
    }
  });
  // Handlers read the latest state without waiting for a re-render (fast repeated keys).
  const latest = useRef(state);
  latest.current = state;
  const loadedFirst = useRef(state.loaded);
  // The window on screen lives in a buffer of rows read ahead while idle (see queueBuffer.ts).
  const buffer = useRef<QueueBuffer>(bufferOf(state.window));
  const readAhead = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (readAhead.current && clearTimeout(readAhead.current)), []);
  const firstWindows = useRef(new FirstWindows());
  const prefetch = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => () => void (prefetch.current && clearTimeout(prefetch.current)), []);
  const generationNow = useRef(shell.generation);
  generationNow.current = shell.generation;
  const keyOf = (q: QueueQuery) => JSON.stringify([whereOf(q) ?? null, q.sort, pageSize]);

  const commit = (next: Partial<QueueState>) => {
    latest.current = { ...latest.current, ...next };
    setState(latest.current);
  };
  /** The filter the total on screen counts (an answer for any other is never shown). */
  const totalOf = useRef<{ where: string | undefined } | null>(null);
  const onTotal = (answer: TotalAnswer) => {
    if (answer.where !== whereOf(latest.current.query)) return;
    totalOf.current = { where: answer.where };
    commit({ total: answer.total, totalStale: !answer.fresh, totalAtLeast: null });
  };
  /** A long count's progress, shown in steps (one frame per step, not per slice). */
  const onProgress = (where: string | undefined, countedSoFar: number) => {
    const current = latest.current;
    if (where !== whereOf(current.query) || current.total !== null) return;
    const atLeast = countedSoFar >= PROGRESS_STEP ? countedSoFar - (countedSoFar % PROGRESS_STEP) : null;
    if (atLeast !== current.totalAtLeast) commit({ totalAtLeast: atLeast });
  };
  const onProgressRef = useRef(onProgress);
  onProgressRef.current = onProgress;
  const onTotalRef = useRef(onTotal);
  onTotalRef.current = onTotal;
  const totals = useRef<QueueTotal | null>(null);
  totals.current ??= new QueueTotal(
    shell.counter,
    actor,
    (answer) => onTotalRef.current(answer),
    (error) => shell.status.error(error),
    (where, countedSoFar) => onProgressRef.current(where, countedSoFar),
  );
  useEffect(() => () => totals.current?.stop(), []);
  /** Asks for the total of `query` as of the current data: the one held stays (stale) when it counts the same view. */
  const recountOf = (query: QueueQuery): Pick<QueueState, 'total' | 'totalStale' | 'totalAtLeast'> => {
    const where = whereOf(query);
    const pending = totals.current!.request(where, shell.generation);
    const held = totalOf.current && totalOf.current.where === where ? latest.current.total : null;
    return { total: held, totalStale: held !== null && pending, totalAtLeast: null };
  };
  const guarded =
    <A extends unknown[]>(fn: (...args: A) => void) =>
    (...args: A) => {
      try {
        fn(...args);
      } catch (error) {
        shell.status.error(error);
      }
    };

  /** Loads a window from `start`; `cursor` is clamped to it (-1: last row). */
  const load = guarded((start: QueueStart, cursor: number, query: QueueQuery = latest.current.query, recount: boolean = false) => {
    const window =
      (start.kind === 'first' ? firstWindows.current.get(keyOf(query), generationNow.current) : undefined) ??
      loadQueueWindow(app, actor, inputOf(query), start);
    if (start.kind === 'first') firstWindows.current.put(keyOf(query), generationNow.current, window);
    const counted = recount ? recountOf(query) : {};
    buffer.current = bufferOf(window);
    commit({ query, window, ...counted, loaded: true, cursor: clamp(cursor < 0 ? window.rows.length - 1 : cursor, window.rows.length) });
  });

  /** Shows the buffered window at `offset` (no query). */
  const show = (offset: number, cursor: number) => {
    buffer.current = { ...buffer.current, offset };
    commit({ window: windowAt(buffer.current, offset, pageSize), cursor });
  };
  // A timer, so the read runs once the frame of the key is out, between keys.
  const scheduleReadAhead = () => {
    readAhead.current ??= setTimeout(() => {
      readAhead.current = null;
      extendBuffer();
    });
  };
  /** Reads the next and the previous page when fewer than a page is buffered on that side. */
  const extendBuffer = guarded(() => {
    const input = inputOf(latest.current.query);
    const start = buffer.current;
    const last = start.rows[start.rows.length - 1];
    if (start.hasAfter && last && start.rows.length - (start.offset + pageSize) < pageSize) {
      const page = loadQueueWindow(app, actor, input, { kind: 'after', anchor: last.anchor });
      // A load or a data change meanwhile replaced the buffer: this page is not next to it.
      if (buffer.current !== start) return;
      buffer.current = withRowsAfter(start, page, pageSize);
    }
    const before = buffer.current;
    const first = before.rows[0];
    if (before.hasBefore && first && before.offset < pageSize) {
      const page = loadQueueWindow(app, actor, input, { kind: 'back', anchor: first.anchor, rows: pageSize });
      if (buffer.current !== before) return;
      buffer.current = withRowsBefore(before, page, pageSize, pageSize);
    }
  });

  /**
   * Once the keys rest, the first windows of the tabs beside this one (Tab, Shift-Tab), one read
   * per timer so that a key arriving meanwhile waits for one read at most. Not under another
   * screen, and not after a refresh by others (a colleague writing every second would make it
   * two reads a second for windows the next change throws away).
   */
  const schedulePrefetch = () => {
    if (prefetch.current) clearTimeout(prefetch.current);
    const step = (delay: number) => {
      prefetch.current = setTimeout(() => {
        prefetch.current = null;
        const { query } = latest.current;
        const generation = generationNow.current;
        const missing = [query.tab + 1, query.tab - 1]
          .map((tab) => ({ ...query, tab: (tab + tabs.length) % tabs.length }))
          .find((next) => next.tab !== query.tab && !firstWindows.current.has(keyOf(next), generation));
        if (!shownNow.current || !missing) return;
        try {
          firstWindows.current.put(keyOf(missing), generation, loadQueueWindow(app, actor, inputOf(missing), { kind: 'first' }));
        } catch {
          return; // the Tab itself reads it, and reports what fails
        }
        step(0);
      }, delay);
    };
    step(PREFETCH_REST_MS);
  };

  /** Reloads keeping the cursor on the same ticket (at the same screen row when it can). */
  const reloadAround = guarded((query: QueueQuery = latest.current.query, recount: boolean = true) => {
    const { window, cursor } = latest.current;
    const current = window.rows[cursor]?.ticket.id;
    const around = current !== undefined ? loadQueueAround(app, actor, inputOf(query), current, Math.min(cursor, pageSize - 1)) : null;
    if (!around) {
      const first = window.rows[0];
      load(first && query === latest.current.query ? { kind: 'at', anchor: first.anchor } : { kind: 'first' }, cursor, query, recount);
      return;
    }
    const counted = recount ? recountOf(query) : {};
    buffer.current = bufferOf(around);
    commit({
      query,
      window: around,
      ...counted,
      loaded: true,
      cursor: Math.max(
        0,
        around.rows.findIndex((r) => r.ticket.id === current),
      ),
    });
  });

  const changeQuery = (patch: Partial<QueueQuery>, keepCursor: boolean) => {
    const query = { ...latest.current.query, ...patch };
    // Select-all meant the view as it was; a sort keeps the same tickets.
    if (patch.tab !== undefined || patch.search !== undefined || patch.filter !== undefined) commit({ selectedView: false });
    if (keepCursor) reloadAround(query, true);
    else load({ kind: 'first' }, 0, query, true);
    schedulePrefetch();
    shell.status.ran(
      cliCommand('ticket', 'list', ...(whereOf(query) ? ['--where', whereOf(query)!] : []), '--sort', sortText(QUEUE_SORTS[query.sort]!)),
    );
  };

  // On every data change (other agents, cron) and every page size change; the first load too
  // when the one before the first render failed. Under another screen (a ticket, the reports),
  // the queue reads nothing: with a colleague writing every second its re-read (10-60 ms on a
  // million tickets) held the keys of the screen on top. It reads once when it shows again.
  const shownNow = useRef(shown);
  shownNow.current = shown;
  const staleUnder = useRef(false);
  useEffect(() => {
    if (loadedFirst.current) {
      loadedFirst.current = false;
      scheduleReadAhead(); // the first window came without its neighbours
      schedulePrefetch(); // nor its neighbouring tabs'
      commit(recountOf(latest.current.query)); // and without its total
    } else if (!shownNow.current) {
      staleUnder.current = true;
    } else {
      reloadAround();
      // The reload kept only the window: read its neighbours now, between keys, not on the next
      // move past its edge (with a colleague writing every second, that was a query on a key).
      scheduleReadAhead();
    }
  }, [shell.generation, pageSize]);
  useEffect(() => {
    if (!shown || !staleUnder.current) return;
    // After the frame of the key that showed it (Esc), as a refresh by others always comes.
    const timer = setTimeout(() => {
      staleUnder.current = false;
      reloadAround();
      scheduleReadAhead();
    });
    return () => clearTimeout(timer);
  }, [shown]);

  const moves = {
    down: () => {
      const { window, cursor } = latest.current;
      const { offset, rows } = buffer.current;
      if (cursor < window.rows.length - 1) commit({ cursor: cursor + 1 });
      else if (offset + pageSize < rows.length) show(offset + 1, cursor);
      else if (window.hasAfter && window.rows[1]) load({ kind: 'at', anchor: window.rows[1].anchor }, -1);
      else if (window.hasAfter && window.rows[0]) load({ kind: 'after', anchor: window.rows[0].anchor }, -1);
    },
    up: () => {
      const { window, cursor } = latest.current;
      const { offset } = buffer.current;
      if (cursor > 0) commit({ cursor: cursor - 1 });
      else if (offset > 0) show(offset - 1, 0);
      else if (window.hasBefore && window.rows[0]) load({ kind: 'back', anchor: window.rows[0].anchor, rows: 1 }, 0);
    },
    pageDown: () => {
      const { window, cursor } = latest.current;
      const { offset, rows, hasAfter } = buffer.current;
      const last = window.rows[window.rows.length - 1];
      // Buffered: the next page, or the last full window when the buffer reaches the queue's end.
      if (window.hasAfter && (offset + 2 * pageSize <= rows.length || (!hasAfter && window.rows.length === pageSize)))
        show(Math.min(offset + pageSize, rows.length - pageSize), cursor);
      else if (window.hasAfter && last) load({ kind: 'after', anchor: last.anchor }, cursor);
      else commit({ cursor: Math.max(0, window.rows.length - 1) });
    },
    pageUp: () => {
      const { window, cursor } = latest.current;
      const { offset, hasBefore } = buffer.current;
      if (window.hasBefore && (offset >= pageSize || !hasBefore)) show(Math.max(0, offset - pageSize), cursor);
      else if (window.hasBefore && window.rows[0]) load({ kind: 'back', anchor: window.rows[0].anchor, rows: pageSize }, cursor);
      else commit({ cursor: 0 });
    },
    first: () => load({ kind: 'first' }, 0),
    last: () => load({ kind: 'last' }, -1),
  };
  // After a move, the next one at the window's edge should find its rows loaded.
  const afterMove = (move: () => void) => () => {
    move();
    scheduleReadAhead();
    schedulePrefetch();
  };
  const actions = {
    down: afterMove(moves.down),
    up: afterMove(moves.up),
    pageDown: afterMove(moves.pageDown),
    pageUp: afterMove(moves.pageUp),
    first: afterMove(moves.first),
    last: afterMove(moves.last),
    nextTab: () => changeQuery({ tab: (latest.current.query.tab + 1) % tabs.length }, false),
    prevTab: () => changeQuery({ tab: (latest.current.query.tab + tabs.length - 1) % tabs.length }, false),
    cycleSort: () => changeQuery({ sort: (latest.current.query.sort + 1) % QUEUE_SORTS.length }, true),
    setSearch: (search: string) => changeQuery({ search }, false),
    setFilter: (filter: string) => changeQuery({ filter }, false),
    /** Whether Esc/q has something to undo here (a search, a filter, a selection) before quitting. */
    hasSomethingToClear: () => {
      const { query, selected, selectedView } = latest.current;
      return !!(query.search || query.filter || selected.size || selectedView);
    },
    clear: () => {
      commit({ selected: new Set(), selectedView: false });
      if (latest.current.query.search || latest.current.query.filter) changeQuery({ search: '', filter: '' }, true);
    },
    /** `*`: the whole view selected, or (when anything is selected) nothing. */
    toggleSelectAll: () => {
      const { selected, selectedView } = latest.current;
      commit(selected.size || selectedView ? { selected: new Set(), selectedView: false } : { selected: new Set(), selectedView: true });
    },
    toggleSelected: () => {
      const ticket = current();
      if (!ticket) return;
      if (latest.current.selectedView) return shell.status.error('the whole view is selected: * or esc clears the selection');
      const selected = new Set(latest.current.selected);
      if (!selected.delete(ticket.id)) selected.add(ticket.id);
      commit({ selected });
      // As in mail readers and file managers: space marks and moves on, so a run of spaces marks a run.
      actions.down();
    },
    refresh: () => reloadAround(),
    clearSelection: () => commit({ selected: new Set(), selectedView: false }),
  };
  const current = (): TicketSummary | undefined => latest.current.window.rows[latest.current.cursor]?.ticket;

  return { state, tabs: tabs as readonly QueueTab[], where: whereOf(state.query), sort: QUEUE_SORTS[state.query.sort]!, current, actions };
}

function clamp(index: number, length: number): number {
  return Math.max(0, Math.min(index, length - 1));
}
