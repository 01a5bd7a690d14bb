// The reports the TUI's reports screen shows (SPEC 9): the SLA report per priority and the
// backlog, over one window, computed together (off the render thread: app/tickets/queueCounter.ts).
import type { Actor } from '../../domain/permissions.js';
import type { AppContext } from '../context.js';
import { backlogReport, type BacklogReport } from './reportBacklog.js';
import { slaReport, type SlaReport } from './reportSla.js';

export interface ScreenReports {
  sla: SlaReport;
  backlog: BacklogReport;
}

/** Both reports over tickets created since `since` (a duration such as 30d; all when undefined). */
export function screenReports(ctx: AppContext, actor: Actor, since: string | undefined): ScreenReports {
  return { sla: slaReport(ctx, actor, { by: 'priority', since }), backlog: backlogReport(ctx, actor, { since }) };
}
