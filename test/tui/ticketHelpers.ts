// Opening a ticket the way a person does: the All open tab, the cursor onto it, Enter.
import type { TestWorld } from '../helpers/app.js';
import { renderTui, type RenderedTui } from './helpers.js';

type RenderOptions = Parameters<typeof renderTui>[2];

/** Moves the queue cursor onto ticket `id` (on the current tab). */
export async function cursorTo(t: RenderedTui, id: number): Promise<void> {
  await t.waitFor((f) => new RegExp(`#${id} `).test(f), `ticket #${id} in the queue`);
  if (!new RegExp(`^›[● ]\\s*#${id} `, 'm').test(t.frame())) await t.press('queue.first');
  for (let i = 0; i < 50 && !new RegExp(`^›[● ]\\s*#${id} `, 'm').test(t.frame()); i++) await t.press('queue.down');
}

/** Renders the TUI as `handle` on the All open tab with the cursor on ticket `id`. */
export async function queueAt(w: TestWorld, handle: string, id: number, options?: RenderOptions): Promise<RenderedTui> {
  const t = await renderTui(w.app, w.actor(handle), options);
  const first = await t.waitFor((f) => /\d+ tickets?/.test(f), 'the queue');
  // Requesters have their own two tabs; their open tickets are on the first.
  if (!first.includes('My open')) {
    await t.press('queue.nextTab');
    await t.press('queue.nextTab');
    await t.waitFor((f) => /› ?All open|All open/.test(f), 'the All open tab');
  }
  await cursorTo(t, id);
  return t;
}

/** Renders the TUI as `handle` and opens ticket `id` from the All open tab. */
export async function openTicket(w: TestWorld, handle: string, id: number, options?: RenderOptions): Promise<RenderedTui> {
  const t = await queueAt(w, handle, id, options);
  await t.press('queue.open');
  await t.waitFor((f) => f.includes('requester ') && new RegExp(`^#${id} `, 'm').test(f), `the ticket view of #${id}`);
  return t;
}
