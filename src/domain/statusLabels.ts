// How a status and level read for people (SPEC 2.1): `OPEN L2` by default, `OUVERT L1` with a
// status label, or a label of its own per level (`OPEN 1L`, `WAITING L1`) shown as it is. --json
// and stored values stay canonical; a filter may name a label (`status="WAITING L1"`).
import { LEVELS, STATUSES, type Level, type Status } from './types.js';

export type LevelKey = '1' | '2' | '3';

export interface StatusLabelDictionary {
  /** One label per status, followed by ` Ln`. */
  statusLabels: Record<Status, string>;
  /** Labels of one status at one level, shown as they are (they name the level themselves). */
  statusLevelLabels: Partial<Record<Status, Partial<Record<LevelKey, string>>>>;
}

/** `OPEN L2`, `OUVERT L1`, or the per-level label (`WAITING L1`). */
export function statusDisplay(status: string, level: number, labels?: StatusLabelDictionary): string {
  const known = (STATUSES as readonly string[]).includes(status) ? (status as Status) : undefined;
  const own = known ? labels?.statusLevelLabels[known]?.[String(level) as LevelKey] : undefined;
  if (own) return own;
  const label = known && labels ? labels.statusLabels[known] : status.toUpperCase().replace('_', ' ');
  return `${label} L${level}`;
}

/** What a status label names: a status (at any level) or a status at one level. */
export interface StatusLabelMatch {
  status: Status;
  level?: Level;
}

/**
 * The statuses (and levels) a label names, compared without regard to case: a per-level label
 * names its status at that level; a status label names the status, and followed by ` Ln`, the
 * status at that level. Empty when the text names nothing.
 */
export function statusesForLabel(text: string, labels: StatusLabelDictionary): StatusLabelMatch[] {
  const wanted = text.trim().toLocaleLowerCase();
  const matches: StatusLabelMatch[] = [];
  for (const status of STATUSES) {
    if (labels.statusLabels[status].toLocaleLowerCase() === wanted) matches.push({ status });
    for (const level of LEVELS) {
      const own = labels.statusLevelLabels[status]?.[String(level) as LevelKey];
      const shown = statusDisplay(status, level, labels).toLocaleLowerCase();
      if ((own && own.toLocaleLowerCase() === wanted) || (!own && shown === wanted)) matches.push({ status, level });
    }
  }
  return matches;
}
