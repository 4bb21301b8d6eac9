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
 * (without the body) goes to the log either way.
 */
export async function queueMemberMail(db: Knex, logger: Logger, mail: MemberMail): Promise<void> {
  const user: { email: string } | undefined = await db('users').where({ id: mail.userId }).first('email');
  if (!user) return;
  const rows: { id: number | string }[] = await db('mail_outbox')
    .insert({ user_id: mail.userId, to_address: user.email, subject: mail.subject, body_text: mail.text, status: 'queued' })
    .returning<{ id: number | string }[]>('id');
  logger.info({ event: 'mail_queued', mailId: Number(rows[0]?.id), userId: mail.userId, subject: mail.subject }, 'mail written to the outbox');
}
