// `ticketty forecast [--within 24h]`: what will breach (and, with automations, be reminded or
// closed) inside the window, soonest first.
import { minuteOf } from '../../domain/clock.js';
import type { Argv, CommandModule } from 'yargs';
import type { GlobalArgs } from '../runtime.js';
import { printJson, printLine, withRuntime } from '../command.js';
import { renderTable } from '../output/table.js';

interface ForecastArgs extends GlobalArgs {
  within?: string;
  limit?: number;
}

export const forecastCommand: CommandModule<GlobalArgs, ForecastArgs> = {
  command: 'forecast',
  describe: 'what will breach, be reminded or auto-close soon',
  builder: (y) =>
    (y as Argv<ForecastArgs>)
      .option('within', { type: 'string', describe: 'the window ahead: 30m, 24h, 3d (default 24h)' })
      .option('limit', { type: 'number', describe: 'at most this many lines (default 1000)' })
      .example('ticketty forecast --within 4h', 'what breaches before the end of the afternoon'),
  handler: withRuntime<ForecastArgs>(async (rt, a) => {
    const { forecast } = await import('../../app/automation/forecast.js');
    const result = forecast(rt.app, rt.actor(), { within: a.within, limit: a.limit });
    if (rt.json) return printJson(result);
    if (!result.items.length) return printLine(`nothing due until ${minuteOf(result.until)}`);
    printLine(
      renderTable(
        [
          { header: 'WHEN' },
          { header: 'WHAT' },
          { header: 'ID', align: 'right' },
          { header: 'P' },
          { header: 'STATUS' },
          { header: 'ASSIGNEE' },
          { header: 'SUBJECT' },
        ],
        result.items.map((i) => [
          minuteOf(i.at),
          i.kind.replace('_', ' '),
          `#${i.ticketId}`,
          i.priority,
          `${i.status.toUpperCase().replace('_', ' ')} L${i.level}`,
          i.assignee ?? '-',
          i.subject,
        ]),
      ),
    );
  }),
};
