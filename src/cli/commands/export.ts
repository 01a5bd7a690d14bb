// `ticketty export [--where F] [--format json|csv] [--output FILE]`: stdout by default.
import { createWriteStream, type WriteStream } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { note, withRuntime } from '../command.js';
import { toCsv } from '../output/csv.js';
import { sanitizeForTerminal } from '../../domain/sanitize.js';

interface ExportArgs extends GlobalArgs {
  where?: string;
  format?: string;
  output?: string;
}

/**
 * To a terminal, an export is read by a person: JSON keeps every character, but controls (C1 such
 * as U+009B CSI too, which JSON leaves raw), bidi and other format characters are written as
 * `\uXXXX` escapes, so the text is the same data and cannot drive the terminal or reorder a line;
 * CSV cells are sanitized as tables are. To a pipe or a file the bytes are exact.
 */
const RAW_IN_JSON = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\p{Cf}\u2028\u2029\uD800-\uDFFF]/gu;
export function forTerminal(format: 'json' | 'csv', text: string): string {
  if (format === 'csv') return sanitizeForTerminal(text, { multiline: true });
  return text.replace(RAW_IN_JSON, (c) => [...c].map((u) => `\\u${u.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''));
}

/** Writes with back-pressure, so a large export streams instead of piling up in memory. */
function writer(out: NodeJS.WritableStream) {
  return (chunk: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(chunk)) resolve();
      else {
        out.once('drain', resolve);
        out.once('error', reject);
      }
    });
}

export const exportCommand: CommandModule<GlobalArgs, ExportArgs> = {
  command: 'export',
  describe: 'write tickets (JSON: with comments, events and the people they name; CSV: one row per ticket)',
  builder: (y) =>
    (y as Argv<ExportArgs>)
      .option('where', { alias: 'w', type: 'string', describe: 'only the tickets matching this filter' })
      .option('format', { type: 'string', choices: ['json', 'csv'], default: 'json' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of standard output' })
      .example('ticketty export --output helpdesk.json', 'everything, for a backup or a move')
      .example('ticketty export --where "org=ACME" --format csv > acme.csv', 'a spreadsheet'),
  handler: withRuntime<ExportArgs>(async (rt, a) => {
    const [{ exportTickets, parseFormat }, { CSV_COLUMNS }] = await Promise.all([
      import('../../app/exchange/exportTickets.js'),
      import('../../app/exchange/exportFormat.js'),
    ]);
    const format = parseFormat(a.format);
    const out: NodeJS.WritableStream = a.output ? createWriteStream(a.output) : process.stdout;
    const raw = writer(out);
    const terminal = !a.output && process.stdout.isTTY === true;
    const write = terminal ? (text: string) => raw(forTerminal(format, text)) : raw;
    let header = true;
    const count = await exportTickets(
      rt.app,
      rt.actor(),
      { where: a.where, format },
      {
        text: write,
        csvRows: (rows) => {
          const text = toCsv([...CSV_COLUMNS], rows);
          const body = header ? text : text.slice(text.indexOf('\n') + 1);
          header = false;
          return write(body);
        },
      },
    );
    if (format === 'csv' && header) await write(toCsv([...CSV_COLUMNS], []));
    if (a.output)
      await new Promise<void>((resolve, reject) => (out as WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())));
    note(`exported ${count} ticket(s)${a.output ? ` to ${a.output}` : ''}`);
  }),
};
