// Reading an import file as a stream of records, never the whole file at once: a million-ticket
// export is gigabytes, past what one JavaScript string may hold. The import reads its file twice
// (check everything, then write), so a source can be opened again from the start.
import { createHash } from 'node:crypto';
import { BadInput } from '../../domain/errors.js';
import { EXPORT_FORMAT, EXPORT_VERSION } from './exportFormat.js';

export interface ImportSource {
  /** The text from its start, in chunks; each call reads it again. */
  chunks(): AsyncIterable<string>;
}

/** A source over text in memory (tests, small inputs). */
export function textSource(text: string): ImportSource {
  return {
    async *chunks() {
      for (let i = 0; i < text.length; i += 1 << 20) yield text.slice(i, i + (1 << 20));
    },
  };
}

/** The text's lines (1-based), a byte-order mark dropped, `\r\n` ends too; a NUL, raw or escaped, is refused. */
export async function* linesOf(source: ImportSource, hash?: ReturnType<typeof createHash>): AsyncGenerator<{ line: number; text: string }> {
  let rest = '';
  let line = 0;
  let first = true;
  const emit = (raw: string) => {
    line++;
    let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (first) text = text.startsWith('\uFEFF') ? text.slice(1) : text;
    first = false;
    // No text that ticketty writes holds one, and C strings end there.
    if (/\u0000|\\u0000/.test(text)) throw new BadInput(`line ${line}: a NUL character; nothing was written`);
    return { line, text };
  };
  for await (const chunk of source.chunks()) {
    hash?.update(chunk);
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) yield emit(part);
  }
  if (rest !== '') yield emit(rest);
}

type Section = 'organizations' | 'users' | 'tickets';
export const SECTIONS: Section[] = ['organizations', 'users', 'tickets'];
export type { Section };

export interface RawRecord {
  section: Section;
  /** Position in its section. */
  index: number;
  /** 1-based line, when the file has the export's layout. */
  line: number | null;
  value: unknown;
  /** The record is not JSON (set instead of value). */
  error?: string;
}

/** Above this, a JSON file must have the export's one-record-per-line layout (it is never read whole). */
const WHOLE_DOCUMENT_LIMIT = 64 << 20;

function checkHeader(doc: unknown): void {
  const header = doc as { format?: unknown; version?: unknown } | null;
  if (!header || typeof header !== 'object' || header.format !== EXPORT_FORMAT)
    throw new BadInput(`not a ticketty export: expected "format": "${EXPORT_FORMAT}" on the first line`);
  if (header.version !== EXPORT_VERSION)
    throw new BadInput(`unsupported export version ${String(header.version)} (this ticketty reads version ${EXPORT_VERSION})`);
}

/**
 * The records of a JSON export in file order (organizations, users, tickets). The export's layout
 * (a header line, then one record per line) is read line by line; any other layout of the same
 * document (a hand-formatted file) is read whole, up to 64 MB.
 */
export async function* jsonRecords(source: ImportSource, hash?: ReturnType<typeof createHash>): AsyncGenerator<RawRecord> {
  const lines = linesOf(source, hash);
  const head = await lines.next();
  if (head.done) throw new BadInput('not valid JSON: the file is empty');
  const layout = /^\{"format":(".*?"),"version":(\d+),$/.exec(head.value.text);
  if (!layout) {
    yield* wholeDocument(head.value.text, lines);
    return;
  }
  checkHeader({ format: JSON.parse(layout[1]!) as unknown, version: Number(layout[2]) });
  let section: Section | null = null;
  let next = 0;
  let index = 0;
  let ended = false;
  const layoutError = (line: number) =>
    new BadInput(`line ${line}: not in the export's layout (one record per line, sections organizations, users, tickets)`);
  for await (const { line, text } of lines) {
    if (ended) {
      if (text.trim() === '') continue;
      throw layoutError(line);
    }
    if (section === null) {
      const header = /^"(organizations|users|tickets)":\[(\],|\]\})?$/.exec(text);
      if (!header || header[1] !== SECTIONS[next]) throw layoutError(line);
      next++;
      index = 0;
      if (header[2]) ended = header[2] === ']}';
      else section = header[1] as Section;
      if (ended && next < SECTIONS.length) throw layoutError(line);
      continue;
    }
    const end = /(\}\]\}|\}\],|\},|\})$/.exec(text);
    if (!text.startsWith('{') || !end || end[1] === '}') throw layoutError(line);
    const body = text.slice(0, text.length - end[1]!.length + 1);
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch (error) {
      yield { section, index: index++, line, value: undefined, error: `not valid JSON: ${(error as Error).message}` };
      value = undefined;
    }
    if (value !== undefined) yield { section, index: index++, line, value };
    if (end[1] === '}],') section = null;
    if (end[1] === '}]}') {
      if (section !== 'tickets') throw layoutError(line);
      ended = true;
    }
  }
  if (!ended) throw new BadInput(`not valid JSON: the file ends before the tickets' closing "]}"`);
}

async function* wholeDocument(first: string, rest: AsyncGenerator<{ line: number; text: string }>): AsyncGenerator<RawRecord> {
  const parts = [first];
  let size = first.length;
  for await (const { text } of rest) {
    size += text.length + 1;
    if (size > WHOLE_DOCUMENT_LIMIT)
      throw new BadInput(`a JSON file over 64 MB must have the export's layout: its first line {"format":"${EXPORT_FORMAT}","version":1,`);
    parts.push(text);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(parts.join('\n'));
  } catch (error) {
    throw new BadInput(`not valid JSON: ${(error as Error).message}`);
  }
  checkHeader(doc);
  const sections = doc as Partial<Record<Section, unknown>>;
  for (const s of SECTIONS) if (!Array.isArray(sections[s])) throw new BadInput(`not a ticketty export: "${s}" must be an array`);
  for (const s of SECTIONS) {
    const list = sections[s] as unknown[];
    for (let i = 0; i < list.length; i++) yield { section: s, index: i, line: null, value: list[i] };
  }
}

/** RFC 4180 records with the line each starts on, parsed as the text streams; undoes the export's formula guard. */
export async function* csvRecords(
  source: ImportSource,
  hash?: ReturnType<typeof createHash>,
): AsyncGenerator<{ line: number; cells: string[] }> {
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let quoteSeen = false; // a `"` in a quoted cell: either its end or the first of `""`
  let pendingCr = false;
  let line = 1;
  let start = 1;
  let first = true;
  const endCell = () => {
    cells.push(/^'+[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);
    cell = '';
  };
  for await (const raw of source.chunks()) {
    hash?.update(raw);
    let chunk = raw;
    if (first) chunk = chunk.startsWith('\uFEFF') ? chunk.slice(1) : chunk;
    first = false;
    const records: Array<{ line: number; cells: string[] }> = [];
    for (let i = 0; i < chunk.length; i++) {
      const ch = chunk[i]!;
      if (ch === '\u0000') throw new BadInput(`line ${line}: a NUL character; nothing was written`);
      if (quoteSeen) {
        quoteSeen = false;
        if (ch === '"') {
          cell += '"';
          continue;
        }
        quoted = false;
      }
      if (quoted) {
        if (ch === '"') quoteSeen = true;
        else {
          if (ch === '\n') line++;
          cell += ch;
        }
        continue;
      }
      if (pendingCr) {
        pendingCr = false;
        if (ch !== '\n') cell += '\r';
        else {
          endCell();
          records.push({ line: start, cells });
          cells = [];
          line++;
          start = line;
          continue;
        }
      }
      if (ch === '"' && cell === '') quoted = true;
      else if (ch === ',') endCell();
      else if (ch === '\r') pendingCr = true;
      else if (ch === '\n') {
        endCell();
        records.push({ line: start, cells });
        cells = [];
        line++;
        start = line;
      } else cell += ch;
    }
    yield* records;
  }
  if (quoteSeen) quoted = false;
  if (quoted) throw new BadInput(`CSV: a quoted field opened on line ${start} never closes`);
  if (pendingCr) cell += '\r';
  if (cell !== '' || cells.length) {
    endCell();
    yield { line: start, cells };
  }
}
