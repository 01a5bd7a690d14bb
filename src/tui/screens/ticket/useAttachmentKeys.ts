// The ticket view's attachment keys: `v` opens one with the system viewer, `s` saves one to a
// path the person types (asking before it replaces a file). With several attachments a pick
// comes first. Names are shown sanitized and written as safe file names (domain/fileName.ts).
import { attachmentFile, type AttachmentFile } from '../../../app/tickets/attachments.js';
import type { TicketDetail } from '../../../app/tickets/ticketQueries.js';
import { humanSize, safeFileName } from '../../../domain/fileName.js';
import type { Binding } from '../../keymap/KeyRouter.js';
import type { Shell } from '../../shell/ShellContext.js';
import { openWithViewer, saveAttachment, savePath, wouldOverwrite } from '../../attachmentFiles.js';

export interface AttachmentLine {
  id: number;
  name: string;
  size: number;
  contentType: string;
  author: string;
  internal: boolean;
}

/** Every attachment of the conversation the actor can read, oldest first, under the name it is saved as. */
export function attachmentsOf(ticket: TicketDetail | undefined): AttachmentLine[] {
  if (!ticket) return [];
  return ticket.comments.flatMap((c) =>
    c.attachments.map((a) => ({
      id: a.id,
      name: safeFileName(a.filename),
      size: a.size,
      contentType: a.contentType,
      author: c.author,
      internal: c.internal,
    })),
  );
}

export function useAttachmentKeys(shell: Shell, ticket: TicketDetail | undefined): Binding[] {
  const files = attachmentsOf(ticket);
  const none = files.length ? null : 'this ticket has no attachments';

  /** Runs `then` on the one attachment, or on the one picked from the list. */
  const withPicked = (verb: string, then: (file: AttachmentFile) => void) => {
    if (!ticket) return;
    const load = (id: number) => {
      try {
        then(attachmentFile(shell.app, shell.actor, ticket.id, id));
      } catch (error) {
        shell.status.error(error);
      }
    };
    if (files.length === 1) return load(files[0]!.id);
    shell.overlay.open({
      kind: 'choice',
      choice: {
        title: `#${ticket.id} ${verb} which attachment`,
        items: files.map((f) => ({
          value: String(f.id),
          label: f.name,
          detail: `${humanSize(f.size)} · ${f.contentType.split(';')[0]} · from ${f.author}${f.internal ? ' (internal note)' : ''}`,
        })),
        onPick: (value) => load(Number(value)),
      },
    });
  };

  const open = () =>
    withPicked('open', (file) => {
      const path = openWithViewer(file, (line) => shell.status.error(line));
      shell.status.ran(`# opened ${file.fileName} (${humanSize(file.data.length)}) from ${path}`);
    });

  const write = (file: AttachmentFile, path: string, overwrite: boolean) => {
    try {
      saveAttachment(file, path, overwrite);
      shell.status.ran(`# saved ${file.fileName} (${humanSize(file.data.length)}) to ${path}`);
    } catch (error) {
      shell.status.error(`not saved: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const save = () =>
    withPicked('save', (file) =>
      shell.overlay.open({
        kind: 'prompt',
        prompt: {
          label: `save ${file.fileName} to:`,
          initial: file.fileName,
          hint: 'a file or a folder (relative to where ticketty runs, ~ works) · enter saves · esc cancels',
          onSubmit: (typed) => {
            const path = savePath(typed, file.fileName);
            if (!wouldOverwrite(path)) return write(file, path, false);
            shell.overlay.open({
              kind: 'confirm',
              confirm: {
                title: `${path} exists already`,
                tone: 'warning',
                lines: [`Saving ${file.fileName} (${humanSize(file.data.length)}) there replaces that file.`],
                question: 'replace it? y replaces · n or esc keeps it (nothing is saved)',
                onYes: () => write(file, path, true),
                onNo: () => shell.status.error(`not saved: ${path} exists already`),
              },
            });
          },
        },
      }),
    );

  return [
    { command: 'ticket.openAttachment', disabled: none, run: open },
    { command: 'ticket.saveAttachment', disabled: none, run: save },
  ];
}
