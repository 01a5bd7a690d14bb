// CSV for the CLI (`report --format csv`, `export --format csv`), RFC 4180 with two choices:
// - Line ends are LF (`\n`), also after the last record, which is what Unix tools expect; RFC 4180
//   says CRLF, and every CSV reader we know accepts both. CR/LF *inside* a field are kept as they
//   are, in a quoted field.
// - Formula injection guard (OWASP "CSV Injection"): a text cell that starts with `=`, `+`, `-`,
//   `@`, tab or CR would be run as a formula by spreadsheet programs, so it gets a leading `'`
//   (which spreadsheets hide). Text that already starts with `'` followed by one of those
//   characters gets one too, so the guard is reversible: unguardCsvCell undoes it exactly (for
//   import). Numbers are written as numbers and never guarded (`-5` stays `-5`); null is empty.
// Text is otherwise exact: CSV is machine output, like JSON, and is not sanitized for a terminal.

const NEEDS_GUARD = /^'*[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** The text cell as written by toCsv before quoting: a leading `'` when it could be a formula. */
export function guardCsvCell(text: string): string {
  return NEEDS_GUARD.test(text) ? `'${text}` : text;
}

/** Undoes guardCsvCell: `unguardCsvCell(guardCsvCell(t)) === t` for every text. */
export function unguardCsvCell(text: string): string {
  return /^'+[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function field(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : guardCsvCell(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header record and one record per row, each line ending in `\n`. */
export function toCsv(header: string[], rows: Array<Array<string | number | null>>): string {
  return [header, ...rows].map((record) => `${record.map(field).join(',')}\n`).join('');
}
