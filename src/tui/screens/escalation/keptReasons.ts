// The reason typed for an escalation whose write was refused by a conflict (someone changed the
// ticket meanwhile): kept for the session, so that opening the same view again shows it typed.
// People's words are never lost; the composer keeps its text in a draft, this short line here.
import type { App } from '../../../app/createApp.js';

// Per app: one TUI session (and each test's own).
const kept = new WeakMap<App, Map<string, string>>();
const keyOf = (ticketId: number, verb: string) => `${ticketId} ${verb}`;

export function keepReason(app: App, ticketId: number, verb: string, text: string): void {
  if (!kept.has(app)) kept.set(app, new Map());
  kept.get(app)!.set(keyOf(ticketId, verb), text);
}

/** The reason kept for this ticket and verb, handed over once. */
export function takeKeptReason(app: App, ticketId: number, verb: string): string {
  const reasons = kept.get(app);
  const text = reasons?.get(keyOf(ticketId, verb)) ?? '';
  reasons?.delete(keyOf(ticketId, verb));
  return text;
}
