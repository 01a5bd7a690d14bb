// Keeps the SLA columns current from the single write path (ticketWrite.writePlan and
// createTicket.insertTicket): the arithmetic is domain/slaTransition.ts, this module only reads
// the before-state and writes the result.
import { slaOnCreate, slaTransition, touchesSla, type LevelClock, type TicketSlaColumns } from '../../domain/slaTransition.js';
import { isPriority, type Priority } from '../../domain/types.js';
import type { LevelRow, NewTicket, TicketRow } from '../../store/port/index.js';
import type { AppContext } from '../context.js';
import type { LevelWrites } from '../tickets/levelWrites.js';
import { slaRulesFor } from './slaSettings.js';
import { planForType } from '../../domain/sla.js';

const priorityOf = (text: string): Priority => (isPriority(text) ? text : 'P3');

export function slaColumnsOf(row: TicketRow): TicketSlaColumns {
  return {
    pickupDueAt: row.pickupDueAt,
    firstPickupAt: row.firstPickupAt,
    pickupMinutes: row.pickupMinutes,
    pickupBreached: row.pickupBreached,
    resolutionStartAt: row.resolutionStartAt,
    resolutionDueAt: row.resolutionDueAt,
    resolutionPausedMinutes: row.resolutionPausedMinutes,
    pausedSince: row.pausedSince,
    resolutionMinutes: row.resolutionMinutes,
    resolutionBreached: row.resolutionBreached,
    slaDueAt: row.slaDueAt,
    slaRiskAt: row.slaRiskAt,
  };
}

const levelClockOf = (row: LevelRow | undefined): LevelClock | null =>
  row
    ? {
        level: row.level,
        enteredAt: row.enteredAt,
        pickupDueAt: row.pickupDueAt,
        pickedUpAt: row.pickedUpAt,
        pickupMinutes: row.pickupMinutes,
      }
    : null;

/** A hold on the customer counts as pending for the clocks: the resolution clock pauses (SPEC 2.1). */
const clockStatus = (status: string, waitingOn: string | null | undefined): string =>
  status === 'on_hold' && waitingOn === 'requester' ? 'pending' : status;

/**
 * The ticket's update (`fields`) with the SLA columns after the change, and the writer of the
 * per-level clocks, to call once the level rows of the change are written (`levels`: the action's
 * level rows, read and written once).
 */
export function applySlaClocks(
  ctx: AppContext,
  row: TicketRow,
  fields: Partial<NewTicket>,
  pickup: boolean,
  now: number,
  levels: LevelWrites,
): { fields: Partial<NewTicket>; writeLevels: () => void } {
  const before = { status: clockStatus(row.status, row.waitingOn), level: row.level, priority: priorityOf(row.priority), type: row.type };
  const after = {
    status: clockStatus(fields.status ?? row.status, fields.waitingOn !== undefined ? fields.waitingOn : row.waitingOn),
    level: fields.level ?? row.level,
    priority: priorityOf(fields.priority ?? row.priority),
    type: fields.type ?? row.type,
  };
  if (!touchesSla(before, after, pickup)) return { fields, writeLevels: () => undefined };
  const rules = slaRulesFor(ctx, row.orgId);
  const result = slaTransition({
    before: {
      ...before,
      createdAt: row.createdAt,
      solvedAt: row.solvedAt,
      sla: slaColumnsOf(row),
      levelClock: levelClockOf(levels.read(row.id, row.level)),
      targetLevelClock: after.level !== before.level ? levelClockOf(levels.read(row.id, after.level)) : null,
    },
    after,
    pickup,
    now,
    plan: planForType(rules.plan, fields.type ?? row.type),
    calendar: rules.calendar,
  });
  const writeLevels = () => {
    for (const clock of result.levels) {
      levels.upsert({
        ticketId: row.id,
        level: clock.level,
        enteredAt: clock.enteredAt,
        pickupDueAt: clock.pickupDueAt,
        pickedUpAt: clock.pickedUpAt,
        pickupMinutes: clock.pickupMinutes,
      });
    }
  };
  // A new object rather than Object.assign onto `fields`: a dozen properties added to an existing
  // object turn it into a slow dictionary (10 µs for the assign alone, and every later read).
  return { fields: { ...fields, ...result.sla }, writeLevels };
}

/** The SLA columns of a new ticket, and its first level row's pickup due time. */
export function slaFieldsOnCreate(
  ctx: AppContext,
  orgId: number | null,
  priority: string,
  level: number,
  now: number,
  type = 'question',
): { ticket: TicketSlaColumns; levelPickupDueAt: number | null } {
  const rules = slaRulesFor(ctx, orgId);
  const result = slaOnCreate(planForType(rules.plan, type), rules.calendar, priorityOf(priority), level, now);
  return { ticket: result.sla, levelPickupDueAt: result.levels[0]?.pickupDueAt ?? null };
}
