// Go to a ticket by number (`#` or `:`, from any screen): a prompt, then the ticket view, or one
// line saying it was not found (the same for "absent" and "not yours", as the CLI says it).
import { checkTicketVisible } from '../../app/tickets/ticketContext.js';
import type { FilterProblem } from '../../app/tickets/queuePage.js';
import { cliCommand } from '../cliEquivalent.js';
import type { Shell } from './ShellContext.js';

/** The ticket number in `42`, `#42` or ` 42 `; null when it is not one. */
export function ticketNumberOf(text: string): number | null {
  const match = /^\s*#?\s*(\d{1,15})\s*$/.exec(text);
  if (!match) return null;
  const id = Number(match[1]);
  return Number.isSafeInteger(id) && id > 0 ? id : null;
}

function checkNumber(text: string): FilterProblem | null {
  return ticketNumberOf(text) === null ? { message: 'a ticket number, e.g. 42 or #42', column: null } : null;
}

export function openGoToPrompt(shell: Shell): void {
  shell.overlay.open({
    kind: 'prompt',
    prompt: {
      label: 'go to #',
      initial: '',
      hint: 'a ticket number · enter opens it · esc cancels',
      invalid: 'type a ticket number (esc cancels)',
      validate: checkNumber,
      onSubmit: (text) => {
        const id = ticketNumberOf(text);
        if (id === null) return;
        try {
          checkTicketVisible(shell.app, shell.actor, id);
        } catch (error) {
          shell.status.error(error);
          return;
        }
        shell.navigate.push({ name: 'ticket', id });
        shell.status.ran(cliCommand('ticket', 'show', id));
      },
    },
  });
}
