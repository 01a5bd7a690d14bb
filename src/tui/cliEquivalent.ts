// The CLI command that does what the last TUI action did (SPEC 9), for the status line.

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_./:#@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export function cliCommand(...words: Array<string | number>): string {
  return ['ticketty', ...words.map((w) => shellQuote(String(w)))].join(' ');
}
