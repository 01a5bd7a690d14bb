// A large export file written straight in the export's layout and key order (as `ticketty
// export` writes it), fast enough to make tens of thousands of tickets in a test: importing it
// into a database made by `init --admin admin` and exporting again gives the same bytes.
import { createWriteStream } from 'node:fs';

const iso = (ms: number) => new Date(ms).toISOString();

export interface BigExportOptions {
  tickets: number;
  /** Every `followUpEvery`-th ticket follows up the ticket after it (a link forward in the file). */
  followUpEvery?: number;
}

export async function writeBigExport(path: string, options: BigExportOptions): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => new Promise<void>((resolve) => (out.write(text) ? resolve() : out.once('drain', resolve)));
  const requesters = Array.from({ length: 40 }, (_, i) => `req${String(i).padStart(2, '0')}`);
  const users = [
    {
      handle: 'agent1',
      name: 'Agent One',
      email: 'agent1@vendor.test',
      role: 'agent',
      tier: 2,
      organization: null,
      away: false,
      notifyAll: false,
    },
    ...requesters.map((h) => ({
      handle: h,
      name: `Requester ${h}`,
      email: `${h}@big.test`,
      role: 'requester',
      tier: null,
      organization: 'Big Co',
      away: false,
      notifyAll: false,
    })),
  ].sort((a, b) => a.handle.localeCompare(b.handle));
  await write('{"format":"ticketty-export","version":1,\n"organizations":[');
  await write(`\n${JSON.stringify({ name: 'Big Co', slaPlan: 'standard', calendar: 'default', domains: ['big.test'] })}`);
  await write('],\n"users":[');
  await write(users.map((u) => `\n${JSON.stringify(u)}`).join(','));
  await write('],\n"tickets":[');
  const start = Date.parse('2026-01-05T09:00:00Z');
  let page: string[] = [];
  for (let id = 1; id <= options.tickets; id++) {
    const created = start + id * 60_000;
    const requester = requesters[id % requesters.length]!;
    const open = id % 3 === 0;
    const ticket = {
      id,
      subject: `Ticket ${id}: the printer on floor ${id % 7} jams`,
      description: `Line one of ${id}\nline two`,
      requester,
      organization: 'Big Co',
      type: 'question',
      priority: `P${(id % 5) + 1}`,
      status: open ? 'open' : 'new',
      level: 1,
      assignee: open ? 'agent1' : null,
      channel: 'cli',
      waitingOn: null,
      resolution: null,
      closingReason: null,
      followUpOf: options.followUpEvery && id % options.followUpEvery === 0 && id < options.tickets ? id + 1 : null,
      createdAt: iso(created),
      updatedAt: iso(created),
      statusSince: iso(created),
      solvedAt: null,
      closedAt: null,
      version: 1,
      sla: {
        pickupDueAt: null,
        firstPickupAt: null,
        pickupMinutes: null,
        pickupBreached: null,
        resolutionStartAt: iso(created),
        resolutionDueAt: null,
        resolutionPausedMinutes: 0,
        pausedSince: null,
        resolutionMinutes: null,
        resolutionBreached: null,
        slaDueAt: iso(created + 86_400_000),
      },
      tags: [`floor${id % 7}`],
      watchers: [],
      levels: [
        {
          level: 1,
          enteredAt: iso(created),
          pickupDueAt: null,
          pickedUpAt: null,
          pickedUpBy: null,
          pickupMinutes: null,
          lastAssignee: null,
        },
      ],
      comments: [
        {
          author: requester,
          internal: false,
          channel: 'cli',
          createdAt: iso(created),
          body: `Line one of ${id}\nline two`,
          messageId: null,
          attachments: [],
        },
      ],
      events: [
        {
          at: iso(created),
          actor: requester,
          action: 'create',
          before: null,
          after: { status: 'new', level: 1 },
          text: null,
          comment: 0,
          batchId: null,
          version: 1,
        },
      ],
    };
    page.push(`${id > 1 ? ',' : ''}\n${JSON.stringify(ticket)}`);
    if (page.length === 500) {
      await write(page.join(''));
      page = [];
    }
  }
  await write(`${page.join('')}]}\n`);
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
