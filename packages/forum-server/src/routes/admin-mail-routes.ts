import { z } from 'zod';
import type { ForumServices } from '../forum-services.js';
import { HostErrorCode, HttpError } from '../errors.js';
import { requireAdmin } from '../http/guards.js';
import type { HostRouter } from '../http/host-state.js';
import { parseBody } from '../http/parse.js';
import type { MailStatus } from '../mail/mail-delivery.js';
import { t } from '../i18n.js';

const pageQuery = z.strictObject({ page: z.coerce.number().int().min(1).max(100_000).default(1) });
const idParam = z.coerce
  .number()
  .int()
  .positive()
  .max(2 ** 31 - 1);
const PER_PAGE = 50;

interface OutboxRow {
  id: number | string;
  to_address: string;
  subject: string;
  body_text: string;
  status: MailStatus;
  attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Date;
}

/** A row as admins see it: what was queued, and where its delivery stands. */
function serializeMail(r: OutboxRow) {
  return {
    id: Number(r.id),
    to: r.to_address,
    subject: r.subject,
    text: r.body_text,
    status: r.status,
    attempts: Number(r.attempts),
    nextAttemptAt: r.status === 'retrying' && r.next_attempt_at ? r.next_attempt_at.toISOString() : null,
    lastError: r.status === 'retrying' || r.status === 'failed' ? r.last_error : null,
    sentAt: r.sent_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

/** The outbox: what the forum mailed (or will mail) to members, newest first, with its delivery. */
export function adminMailRoutes(router: HostRouter, { db, mailDelivery }: ForumServices): void {
  router.get('/admin/mail-outbox', async (ctx) => {
    requireAdmin(ctx);
    const { page } = pageQuery.parse(ctx.query);
    const total = await db('mail_outbox').count({ n: '*' }).first();
    const rows = await db<OutboxRow>('mail_outbox')
      .orderBy('id', 'desc')
      .limit(PER_PAGE)
      .offset((page - 1) * PER_PAGE);
    ctx.body = {
      mails: rows.map(serializeMail),
      delivery: { configured: mailDelivery.configured, maxTries: mailDelivery.maxTries },
      total: Number(total?.n ?? 0),
      page,
      perPage: PER_PAGE,
    };
  });

  /** "Retry now" for a mail delivery gave up on: queued again with its tries counted from zero. */
  router.post('/admin/mail-outbox/:id/retry', async (ctx) => {
    requireAdmin(ctx);
    parseBody(ctx, z.strictObject({}));
    const id = idParam.parse(ctx.params.id);
    if (!mailDelivery.configured)
      throw new HttpError(409, HostErrorCode.mailNotConfigured, t('forum.errors.mail_not_configured'));
    const row = await db<OutboxRow>('mail_outbox').where({ id }).first();
    if (!row) throw new HttpError(404, HostErrorCode.notFound, t('forum.errors.mail_not_found'));
    if (!(await mailDelivery.retryNow(id)))
      throw new HttpError(409, HostErrorCode.mailNotFailed, t('forum.errors.mail_not_failed'));
    const updated = await db<OutboxRow>('mail_outbox').where({ id }).first();
    if (!updated) throw new HttpError(404, HostErrorCode.notFound, t('forum.errors.mail_not_found')); // deleted with its member meanwhile
    ctx.body = { mail: serializeMail(updated) };
    mailDelivery.wake(); // after reading, so the answer is the row as queued, not mid-send
  });
}
