// The root: picks the layout (screen stack, one overlay, status line) and owns the shell state.
// No data access here beyond change detection; screens load what they show.
import React, { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { Box, Text, useApp } from 'ink';
import type { App } from '../../app/createApp.js';
import { openQueueCounter, type QueueCounter } from '../../app/tickets/queueCounter.js';
import { isStaff, type Actor } from '../../domain/permissions.js';
import type { TuiConfig } from '../config.js';
import type { Theme } from '../theme.js';
import { buildKeymap } from '../keymap/keymap.js';
import { KeyRouter, PRIORITY, useKeyHelp, useKeyLayer } from '../keymap/KeyRouter.js';
import { useTerminalSize } from '../hooks/useTerminalSize.js';
import { useLiveRefresh } from '../hooks/useLiveRefresh.js';
import { useUrgentNotice } from '../hooks/useUrgentNotice.js';
import { DEFAULT_BELL } from '../../domain/urgentArrivals.js';
import { ScreenView, type ScreenRoute } from '../screens/registry.js';
import { StatusLine, statusRowCount, type StatusState } from '../components/StatusLine.js';
import { ShellContext, type Shell } from './ShellContext.js';
import { NO_OVERLAY, OverlayView, overlayPlacement, type Overlay } from './overlays.js';
import { openGoToPrompt } from './goTo.js';

export interface ShellProps {
  app: App;
  actor: Actor;
  dbPath: string;
  config: TuiConfig;
  theme: Theme;
  /** How often to poll for changes by other processes. */
  pollMs?: number;
  /** How long the keyboard must rest before such a change is shown (tests on a slow machine lengthen it). */
  keysRestMs?: number;
  /** How often others' changes are read for urgent arrivals (see useUrgentNotice). */
  urgentEveryMs?: number;
  onFirstFrame?: () => void;
  onKey?: (name: string | null) => void;
  /** Benchmark trace events (see Shell.trace). */
  onTrace?: (event: string) => void;
  /** Rings the terminal bell (urgent arrivals; tests pass a probe). */
  bell?: () => void;
  /** Start on the first queue tab (tests), or on one with tickets (default). */
  startOn?: 'first' | 'auto';
  /** Counts the queue's totals (tests hold them); default: a worker thread on a SQLite file. */
  counter?: QueueCounter;
}

/** The smallest terminal the layout works in (SPEC 9: 80×24 is the target). */
const MIN_COLUMNS = 60;
const MIN_ROWS = 15;

type StackAction = { type: 'push'; route: ScreenRoute } | { type: 'replace'; route: ScreenRoute } | { type: 'back' };
function stackReducer(stack: ScreenRoute[], action: StackAction): ScreenRoute[] {
  if (action.type === 'push') return [...stack, action.route];
  if (action.type === 'replace') return [...stack.slice(0, -1), action.route];
  return stack.length > 1 ? stack.slice(0, -1) : stack;
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

export function ShellRoot(props: ShellProps) {
  const keymap = useMemo(() => buildKeymap(props.config.keys), [props.config.keys]);
  const [status, setStatus] = useState<StatusState>({ error: null, lastCommand: null });
  // When the last key came (the live refresh waits for the keyboard to rest).
  const lastKeyAt = useRef(0);
  const onKey = props.onKey;
  const keyed = useCallback(
    (name: string | null) => {
      lastKeyAt.current = performance.now();
      onKey?.(name);
    },
    [onKey],
  );
  return (
    <KeyRouter keymap={keymap} onDisabled={(reason) => setStatus((s) => ({ ...s, error: reason }))} onKey={keyed}>
      <ShellLayout {...props} status={status} setStatus={setStatus} lastKeyAt={lastKeyAt} />
    </KeyRouter>
  );
}

function ShellLayout(
  props: ShellProps & {
    status: StatusState;
    setStatus: React.Dispatch<React.SetStateAction<StatusState>>;
    lastKeyAt: React.MutableRefObject<number>;
  },
) {
  const { app, actor, setStatus } = props;
  const { exit } = useApp();
  const size = useTerminalSize();
  const [stack, navigate] = useReducer(stackReducer, [{ name: 'queue' }]);
  const [overlay, setOverlay] = useState<Overlay>(NO_OVERLAY);
  const [generation, bump] = useReducer((n: number) => n + 1, 0);
  const help = useKeyHelp();
  // One counter for the session: its worker (and read-only connection) outlives screen changes.
  const [counter] = useState(() => props.counter ?? openQueueCounter(app));
  useEffect(() => () => void (counter !== props.counter && counter.close()), [counter]);

  const showError = useCallback((error: unknown) => setStatus((s) => ({ ...s, error: messageOf(error) })), [setStatus]);
  // Commits by others (and the minute turning), apart from one's own actions' refreshes.
  const [outsideChanges, bumpOutside] = useReducer((n: number) => n + 1, 0);
  const onOutsideChange = useCallback(() => {
    bump();
    bumpOutside();
  }, []);
  useLiveRefresh(app, onOutsideChange, showError, props.pollMs, () => props.lastKeyAt.current, props.keysRestMs);
  useUrgentNotice(
    counter,
    actor,
    generation,
    outsideChanges,
    props.config.bell ?? DEFAULT_BELL,
    (notice) => setStatus((s) => ({ ...s, error: null, notice })),
    props.bell ?? (() => process.stdout.write('\x07')),
    props.urgentEveryMs,
  );

  useKeyLayer(PRIORITY.interrupt, [{ command: 'app.interrupt', run: () => exit() }]);
  useKeyLayer(PRIORITY.app, [
    // q goes back as Esc does, and quits only from the queue (the first screen).
    { command: 'app.quit', run: () => (stack.length > 1 ? navigate({ type: 'back' }) : exit()) },
    { command: 'app.help', run: () => setOverlay({ kind: 'help', bindings: help.active() }) },
    { command: 'app.goTo', run: () => openGoToPrompt(shell) },
    // A ticket on behalf of a caller (SPEC 9): staff only, as `ticket create --requester` is.
    {
      command: 'app.create',
      disabled: isStaff(actor) ? null : "only staff create tickets on someone's behalf; use 'ticketty ticket create'",
      run: () => navigate({ type: 'push', route: { name: 'create' } }),
    },
  ]);

  const placement = overlayPlacement(overlay);
  // One row less than the terminal: a frame as tall as the screen makes Ink clear it every time.
  const frameRows = Math.max(6, size.rows - 1);
  // An error wraps onto up to three rows (errors are not cut at the width): the body gives them up.
  const statusRows = statusRowCount(actor, props.dbPath, props.status, size.columns);
  const bodyRows = Math.max(3, frameRows - statusRows - placement.rows);
  const shell: Shell = {
    app,
    actor,
    dbPath: props.dbPath,
    counter,
    config: props.config,
    theme: props.theme,
    body: { rows: bodyRows, columns: size.columns },
    generation,
    refresh: bump,
    navigate: {
      push: (route) => navigate({ type: 'push', route }),
      back: () => navigate({ type: 'back' }),
      replace: (route) => navigate({ type: 'replace', route }),
    },
    overlay: { open: setOverlay, close: () => setOverlay(NO_OVERLAY) },
    status: {
      error: showError,
      ran: (lastCommand) => setStatus({ error: null, lastCommand }),
    },
    startOn: props.startOn ?? 'auto',
    firstFrame: () => props.onFirstFrame?.(),
    trace: (event) => props.onTrace?.(event),
  };

  // Below the smallest size the layout works in, say so instead of drawing a garbled screen; the
  // screens stay mounted (hidden) so nothing is lost and the view comes back on a resize.
  const tooSmall = size.columns < MIN_COLUMNS || size.rows < MIN_ROWS;
  // The body clips rows only (overflowY): every row is already fitted to the width, and a
  // horizontal clip makes Ink slice and re-measure every line of every frame (~3 ms of 8).
  return (
    <ShellContext.Provider value={shell}>
      {tooSmall ? (
        <Text wrap="wrap">{`terminal too small: ${size.columns}×${size.rows}; ticketty needs at least ${MIN_COLUMNS}×${MIN_ROWS} (80×24 or more is best). Enlarge the window, or press Ctrl-C to quit.`}</Text>
      ) : null}
      <Box flexDirection="column" width={size.columns} height={frameRows} display={tooSmall ? 'none' : 'flex'}>
        <Box flexDirection="column" height={bodyRows} overflowY="hidden">
          {stack.map((route, i) => (
            <Box key={i} display={i === stack.length - 1 && !placement.fullScreen ? 'flex' : 'none'} flexDirection="column">
              <ScreenView route={route} active={i === stack.length - 1 && overlay.kind === 'none'} shown={i === stack.length - 1} />
            </Box>
          ))}
          {placement.fullScreen ? <OverlayView overlay={overlay} /> : null}
        </Box>
        {!placement.fullScreen && overlay.kind !== 'none' ? <OverlayView overlay={overlay} /> : null}
        <StatusLine actor={actor} dbPath={props.dbPath} status={props.status} theme={props.theme} columns={size.columns} />
      </Box>
    </ShellContext.Provider>
  );
}
