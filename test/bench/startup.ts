// Start-up of the CLI and of the mail gate, each against `node -e 0` measured in the same rounds.
import Database from 'better-sqlite3';
import { mailgateLarge } from './mailLarge.js';
import { BIN, benchEnv, compared, loadAverage, race, summarize, timeProcess, timeProcessCpu, type Figure } from './measure.js';

const NODE = process.execPath;

export function cliStartup(db: string, runs: number): Figure[] {
  const showId = pickTicket(db);
  const cli =
    (...args: string[]) =>
    () =>
      timeProcess(NODE, [BIN, '--db', db, ...args], { env: benchEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const results = race(
    [
      { name: 'node -e 0', run: () => timeProcess(NODE, ['-e', '0']) },
      { name: 'list', run: cli('ticket', 'list', '--limit', '50', '--json') },
      { name: 'show', run: cli('ticket', 'show', String(showId), '--json') },
    ],
    runs,
  );
  const baseline = { name: 'node -e 0', value: results.get('node -e 0')! };
  return [
    compared('cli', 'ticket list --limit 50 --json', results.get('list')!, baseline, 2),
    compared('cli', `ticket show ${showId} --json`, results.get('show')!, baseline, 2),
  ];
}

/** `mailgate` per message on a scratch copy: every run is a new mail that becomes a new ticket. */
export function mailgateStartup(scratchDb: string, runs: number): Figure[] {
  const sender = requesterEmail(scratchDb);
  let n = 0;
  const mail = () => {
    n++;
    return [
      `From: Bench Sender <${sender}>`,
      'To: support@ticketty.example',
      `Subject: Printer on floor ${n} prints blank pages`,
      `Message-ID: <bench-${process.pid}-${Date.now()}-${n}@bench.example>`,
      `Date: Wed, 04 Mar 2026 14:00:00 +0000`,
      'Content-Type: text/plain; charset=utf-8',
      '',
      'Since this morning every page comes out blank. Toner is new.',
      '',
    ].join('\r\n');
  };
  // CPU time (user + system, /usr/bin/time) beside the wall time: on a loaded machine it says what
  // the process itself costs. The first sample of each is race's warm-up round.
  const cpu = { node: [] as number[], mailgate: [] as number[] };
  const results = race(
    [
      {
        name: 'node -e 0',
        run: () => {
          const t = timeProcessCpu(NODE, ['-e', '0'], { input: '' });
          if (t.cpuSeconds !== null) cpu.node.push(t.cpuSeconds * 1000);
          return t;
        },
      },
      {
        name: 'mailgate',
        run: () => {
          const t = timeProcessCpu(NODE, [BIN, 'mailgate', '--db', scratchDb], { env: benchEnv(), input: mail() });
          if (t.status === 0 && !/created ticket/.test(t.stderr)) throw new Error(`mailgate did not create a ticket: ${t.stderr}`);
          if (t.cpuSeconds !== null) cpu.mailgate.push(t.cpuSeconds * 1000);
          return t;
        },
      },
    ],
    runs,
  );
  const cpuNote =
    cpu.node.length > 1 && cpu.mailgate.length > 1
      ? (() => {
          const node = summarize(cpu.node.slice(1)).median;
          const gate = summarize(cpu.mailgate.slice(1)).median;
          return `CPU time ${gate.toFixed(0)} ms against ${node.toFixed(0)} ms: ${(gate / node).toFixed(2)}×; load average ${loadAverage()}`;
        })()
      : `load average ${loadAverage()}`;
  return [
    ...mailgateLarge(scratchDb, Math.min(runs, 5), sender),
    compared(
      'mail',
      'mailgate, one new mail → ticket',
      results.get('mailgate')!,
      { name: 'node -e 0', value: results.get('node -e 0')! },
      2.5,
      cpuNote,
    ),
  ];
}

/** A ticket with a long history (the show command's worst common case). */
function pickTicket(db: string): number {
  const sqlite = new Database(db, { readonly: true });
  try {
    const row = sqlite.prepare('SELECT id FROM tickets WHERE id BETWEEN 500000 AND 510000 ORDER BY version DESC LIMIT 1').get() as
      | { id: number }
      | undefined;
    return row?.id ?? 1;
  } finally {
    sqlite.close();
  }
}

function requesterEmail(db: string): string {
  const sqlite = new Database(db, { readonly: true });
  try {
    const row = sqlite
      .prepare("SELECT email FROM users WHERE role = 'requester' AND email IS NOT NULL ORDER BY id LIMIT 1 OFFSET 100")
      .get() as { email: string } | undefined;
    if (!row) throw new Error('no requester in the demo database');
    return row.email;
  } finally {
    sqlite.close();
  }
}
