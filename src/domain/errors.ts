// Typed domain errors. Front ends map `kind` to an exit code (CLI) or a status line (TUI).

export type ErrorKind = 'bad_input' | 'not_found' | 'forbidden' | 'invalid_transition' | 'conflict' | 'busy' | 'usage';

export class DomainError extends Error {
  readonly kind: ErrorKind;
  constructor(kind: ErrorKind, message: string) {
    super(message);
    this.kind = kind;
    this.name = new.target.name;
  }
}

export class BadInput extends DomainError {
  constructor(message: string) {
    super('bad_input', message);
  }
}

/** A ticket, user or thing that does not exist — or that the actor may not see (ids leak nothing). */
export class NotFound extends DomainError {
  constructor(message: string) {
    super('not_found', message);
  }
}

export class Forbidden extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** An action from a state the workflow table does not allow it from. */
export class InvalidTransition extends DomainError {
  constructor(message: string) {
    super('invalid_transition', message);
  }
}

/** The ticket changed since the version the actor acted on. */
export class Conflict extends DomainError {
  readonly currentVersion: number | undefined;
  constructor(message: string, currentVersion?: number) {
    super('conflict', message);
    this.currentVersion = currentVersion;
  }
}

/** The database is busy or locked beyond the busy timeout: try again later. */
export class Busy extends DomainError {
  constructor(message: string) {
    super('busy', message);
  }
}

/**
 * A commit whose answer was lost (PostgreSQL: the connection dropped or the server stalled while
 * it committed): the change may or may not be written. Exit 75 like Busy (a mail server's retry is
 * safe, mailgate drops a Message-ID it has), but nothing may resend it unseen: the TUI keeps the
 * text and asks the person to look.
 */
export class OutcomeUnknown extends Busy {}
