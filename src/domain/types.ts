// The vocabulary of SPEC 1 and 2: plain data, shared by every layer.

export const ROLES = ['requester', 'superuser', 'agent', 'engineer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const LEVELS = [1, 2, 3] as const;
export type Level = (typeof LEVELS)[number];

export const PRIORITIES = ['P1', 'P2', 'P3', 'P4', 'P5'] as const;
export type Priority = (typeof PRIORITIES)[number];
export const DEFAULT_PRIORITY_LABELS: Record<Priority, string> = {
  P1: 'Blocker',
  P2: 'Critical',
  P3: 'Major',
  P4: 'Minor',
  P5: 'Trivial',
};

export const DEFAULT_TYPES = ['question', 'fault', 'improvement', 'custom_development', 'work_request', 'project'] as const;
/** Types whose default priority differs from P3. */
export const TYPE_DEFAULT_PRIORITY: Record<string, Priority> = { improvement: 'P4' };

export const CHANNELS = ['cli', 'tui', 'email', 'phone', 'web', 'forum', 'import'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who a `pending` ticket waits on (SPEC 2.1, request-info); `approval`: the customer side, on an estimate. */
export const WAITING_ON = ['requester', 'superusers', 'tier2', 'approval'] as const;
export type WaitingOn = (typeof WAITING_ON)[number];

export const DEFAULT_STATUS_LABELS: Record<Status, string> = {
  new: 'NEW',
  open: 'OPEN',
  pending: 'PENDING',
  on_hold: 'ON HOLD',
  solved: 'SOLVED',
  closed: 'CLOSED',
};

/** The tier of a role: the level its members handle. Admins handle any level (null). */
export function tierOfRole(role: Role): Level | null {
  switch (role) {
    case 'superuser':
      return 1;
    case 'agent':
      return 2;
    case 'engineer':
      return 3;
    default:
      return null;
  }
}

export function isStaffRole(role: Role): boolean {
  return role !== 'requester';
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}
export function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}
export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}
export function isLevel(value: number): value is Level {
  return value === 1 || value === 2 || value === 3;
}
