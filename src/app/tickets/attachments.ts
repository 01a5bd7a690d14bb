// An attachment's bytes for a front end to open or save: only from a ticket the actor may see and
// a comment they may read (an internal note's files are staff only), under a name safe on disk.
import type { Actor } from '../../domain/permissions.js';
import { seesInternal } from '../../domain/permissions.js';
import { NotFound } from '../../domain/errors.js';
import { safeFileName } from '../../domain/fileName.js';
import type { AppContext } from '../context.js';
import { loadVisibleTicket } from './ticketWrite.js';

export interface AttachmentFile {
  id: number;
  /** Safe to create on disk (domain/fileName.ts); the stored name may be anything a mail said. */
  fileName: string;
  contentType: string;
  data: Buffer;
}

export function attachmentFile(ctx: AppContext, actor: Actor, ticketId: number, attachmentId: number): AttachmentFile {
  return ctx.store.read(() => {
    loadVisibleTicket(ctx, actor, ticketId);
    const row = ctx.tickets.attachmentById(attachmentId);
    const readable = row && ctx.tickets.commentsOf(ticketId, seesInternal(actor)).some((c) => c.id === row.commentId);
    if (!row || !readable) throw new NotFound(`attachment ${attachmentId} not found on ticket #${ticketId}`);
    return { id: row.id, fileName: safeFileName(row.filename), contentType: row.contentType, data: Buffer.from(row.data) };
  });
}
