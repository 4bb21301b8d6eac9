import type { Knex } from 'knex';
import type { Logger } from 'pino';

export interface MemberMail {
  userId: number;
  subject: string;
  /** Plain text; never a code, token or secret. */
  text: string;
}

/**
 * Queues a mail to a member in the caller's transaction, so a notice exists exactly when the
 * change it reports was committed. The delivery worker (mail-delivery.ts) sends it when SMTP_URL
 * is set; without it the row stays queued, for the admins to read at /admin/mail. A line
 * (without the body) goes to the log either way. One statement: the address is read by the
 * insert itself, and `alongside` (a plugin's audit row) runs in it as a CTE, which PostgreSQL
 * runs exactly once whether or not a mail is written (none when the member is gone).
 */
export async function queueMemberMail(
  db: Knex,
  logger: Logger,
  mail: MemberMail,
  alongside?: Knex.QueryBuilder,
): Promise<void> {
  const result = await db.raw<{ rows: { id: number | string }[] }>(
    `${alongside ? 'with alongside as (?) ' : ''}insert into mail_outbox (user_id, to_address, subject, body_text, status)
     select id, email, ?, ?, 'queued' from users where id = ? returning id`,
    [...(alongside ? [alongside] : []), mail.subject, mail.text, mail.userId],
  );
  const row = result.rows[0];
  if (!row) return;
  logger.info(
    { event: 'mail_queued', mailId: Number(row.id), userId: mail.userId, subject: mail.subject },
    'mail written to the outbox',
  );
}
