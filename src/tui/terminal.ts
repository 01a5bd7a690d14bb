// The terminal around the Ink app: the alternate screen, and putting everything back on quit,
// Ctrl-C, signals and uncaught errors (the caller's `finally` cannot run after a crash).

const ENTER_ALT = '\x1b[?1049h\x1b[H';
const LEAVE_ALT = '\x1b[?1049l';
const SHOW_CURSOR = '\x1b[?25h';
// Bracketed paste on: a paste arrives marked, and is text, never keys (composer/bracketedPaste.ts).
const PASTE_ON = '\x1b[?2004h';
const PASTE_OFF = '\x1b[?2004l';

export interface TerminalSession {
  /** Leaves the alternate screen, shows the cursor, resets stdin; safe to call more than once. */
  restore(): void;
}

export function enterFullScreen(stdout: NodeJS.WriteStream = process.stdout, stdin: NodeJS.ReadStream = process.stdin): TerminalSession {
  let active = true;
  const restore = () => {
    if (!active) return;
    active = false;
    if (stdin.isTTY && stdin.isRaw) stdin.setRawMode(false);
    stdout.write(PASTE_OFF + SHOW_CURSOR + LEAVE_ALT);
    process.off('exit', restore);
    for (const signal of SIGNALS) process.off(signal, onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  };
  const onSignal = (signal: NodeJS.Signals) => {
    restore();
    process.kill(process.pid, signal);
  };
  const onCrash = (error: unknown) => {
    restore();
    process.stderr.write(`ticketty: the TUI stopped on an unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.TICKETTY_DEBUG) console.error(error);
    process.exit(1);
  };
  // Raw now, not when Ink's input hook runs after the first frame (behind the other effects: on
  // PostgreSQL a background count's start): a key typed in between was read in the tty's line
  // mode, where Enter becomes a line feed, and waited for the line's end.
  if (stdin.isTTY && !stdin.isRaw) stdin.setRawMode(true);
  stdout.write(ENTER_ALT + PASTE_ON);
  process.on('exit', restore);
  for (const signal of SIGNALS) process.once(signal, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  return { restore };
}

const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT'];
