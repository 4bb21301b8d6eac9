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
 * change it reports was committed. No SMTP transport exists yet (issue #7): mails stay in the
 * outbox as the dev outbox admins read, and a line (without the body) goes to the log.
 */
export async function queueMemberMail(db: Knex, logger: Logger, mail: MemberMail): Promise<void> {
  const user: { email: string } | undefined = await db('users').where({ id: mail.userId }).first('email');
  if (!user) return;
  const [row] = await db('mail_outbox')
    .insert({ user_id: mail.userId, to_address: user.email, subject: mail.subject, body_text: mail.text, status: 'logged' })
    .returning('id');
  logger.info({ event: 'mail_queued', mailId: Number((row as { id: number }).id), userId: mail.userId, subject: mail.subject }, 'mail written to the outbox');
}
