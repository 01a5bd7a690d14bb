// SPEC 8 exit codes, and the one-line message for any error.
import { constants } from 'node:os';
import { DomainError } from '../domain/errors.js';
import { sanitizeForTerminal } from '../domain/sanitize.js';

export const EXIT = { ok: 0, error: 1, usage: 2, notFound: 3, forbidden: 4, conflict: 5, tempFail: 75 } as const;

export class UsageError extends Error {}

/** The shell's exit code for a process stopped by `signal`: 128 + its number (130 for SIGINT). */
export const signalExitCode = (signal: NodeJS.Signals): number => 128 + (constants.signals[signal] ?? 2);

/** A run stopped by a signal (Ctrl-C): exits with signalExitCode. */
export class Interrupted extends Error {
  constructor(
    message: string,
    readonly signal: NodeJS.Signals,
  ) {
    super(message);
  }
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (error instanceof Interrupted) return signalExitCode(error.signal);
  if (error instanceof DomainError) {
    switch (error.kind) {
      case 'usage':
      case 'bad_input':
        return EXIT.usage;
      case 'not_found':
        return EXIT.notFound;
      case 'forbidden':
        return EXIT.forbidden;
      case 'invalid_transition':
      case 'conflict':
        return EXIT.conflict;
      case 'busy':
        return EXIT.tempFail;
    }
  }
  return EXIT.error;
}

/** One line, never a stack trace (set TICKETTY_DEBUG=1 to see one). */
export function messageFor(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split('\n').find((l) => l.trim()) ?? 'unknown error';
  // Messages echo what people typed (a handle, a filter, a file's text): never raw to a terminal.
  return `ticketty: ${sanitizeForTerminal(line.trim())}`;
}
