import { describe, expect, it } from 'vitest';
import { upgradeReporter } from './upgradeReport.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, write: (text: string) => written.push(text) > 0 } as unknown as NodeJS.WriteStream };
}

describe('upgradeReporter', () => {
  it('on a terminal: a line before, the step rewritten at each whole percent, a line after', () => {
    const { written, stream: s } = stream(true);
    const tell = upgradeReporter(s);
    tell({ phase: 'start', migrations: 2 });
    for (const done of [20_000, 20_001, 40_000, 1_000_000])
      tell({ phase: 'step', what: 'rebuilding the text index (tickets)', done, total: 1_000_000 });
    tell({ phase: 'done', seconds: 51.26 });
    expect(written).toEqual([
      "ticketty: upgrading the database's schema (2 migrations); a large helpdesk can take minutes…\n",
      '\rticketty: rebuilding the text index (tickets): 2% (20,000 of 1,000,000)',
      '\rticketty: rebuilding the text index (tickets): 4% (40,000 of 1,000,000)',
      '\rticketty: rebuilding the text index (tickets): 100% (1,000,000 of 1,000,000)\n',
      'ticketty: schema upgraded in 51.3 s\n',
    ]);
  });

  it('ends a progress line when the upgrade fails, so the error has a line of its own', () => {
    const { written, stream: s } = stream(true);
    const tell = upgradeReporter(s);
    tell({ phase: 'start', migrations: 1 });
    tell({ phase: 'step', what: 'rebuilding the text index (tickets)', done: 20_000, total: 60_000 });
    tell({ phase: 'failed' });
    expect(written.slice(1)).toEqual(['\rticketty: rebuilding the text index (tickets): 33% (20,000 of 60,000)', '\n']);
  });

  it('to a script or a log: the line before and the line after only', () => {
    const { written, stream: s } = stream(false);
    const tell = upgradeReporter(s);
    tell({ phase: 'start', migrations: 1 });
    tell({ phase: 'step', what: 'rebuilding the text index (tickets)', done: 5, total: 10 });
    tell({ phase: 'done', seconds: 0.04 });
    expect(written).toEqual([
      "ticketty: upgrading the database's schema (1 migration); a large helpdesk can take minutes…\n",
      'ticketty: schema upgraded in 0.0 s\n',
    ]);
  });
});
