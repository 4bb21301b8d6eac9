import { createHash, randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from 'forum-plugin-api/server';
import type { Logger } from 'pino';
import type { SiteSettings } from '../settings/site-settings.js';
import { layOutMail } from './mail-layout.js';
import { SmtpSender } from './smtp-transport.js';
import { t } from '../i18n.js';
import { DEFAULT_LOCALE, inLocale } from 'forum-plugin-api/server';

/** A row's state in `mail_outbox` (see migration 0007). */
export type MailStatus = 'logged' | 'queued' | 'sending' | 'retrying' | 'sent' | 'failed';

const MINUTE = 60_000;
const RETRY_CAP_MS = 6 * 60 * MINUTE;
/**
 * How long a claim holds a row. Longer than the longest send the transport allows (its
 * timeouts add up to two minutes), so a live worker never loses a row it is sending; after a
 * crash the row is due again this long after the claim.
 */
export const CLAIM_LEASE_MS = 10 * MINUTE;

/**
 * The wait after the `attempt`-th failed try: 1 min, 2, 4 … capped at 6 h, minus up to 20 %
 * jitter so instances that failed together (an SMTP outage) do not come back together. Never
 * later than the schedule. The jitter comes from node:crypto like every other random choice here.
 */
export function retryDelayMs(attempt: number, random: () => number = () => randomInt(1_000_000) / 1_000_000): number {
  const scheduled = Math.min(RETRY_CAP_MS, MINUTE * 2 ** Math.max(0, attempt - 1));
  return Math.round(scheduled * (1 - 0.2 * random()));
}

export interface MailDeliveryOptions {
  db: Knex;
  clock: Clock;
  logger: Logger;
  settings: SiteSettings;
  smtpUrl: string | null;
  mailFrom: string | null;
  /** Base of the links in mail; startForum replaces it with the listening address when PUBLIC_URL is unset. */
  publicUrl: string;
  maxTries: number;
  /** Public id of this forum (from the master key): makes Message-IDs unique across forums. */
  siteId: string;
  /** How often the worker looks for due mail, in real milliseconds; 0: only when asked (tests). */
  pollIntervalMs: number;
}

/** A row a worker holds: claimed, with its try number, until the lease ends. */
export interface ClaimedMail {
  id: number;
  to: string;
  subject: string;
  text: string;
  createdAt: Date;
  username: string | null;
  /** Which try this is (1 for the first); fences the mark so a stale worker cannot overwrite a newer claim. */
  attempt: number;
}

export interface PassSummary {
  sent: number;
  retrying: number;
  failed: number;
}

export class MailNotConfiguredError extends Error {
  constructor() {
    super('SMTP_URL is not set: the forum keeps mail in the outbox and sends none.');
  }
}

/**
 * Sends the outbox. Each row is claimed by one atomic statement (`update … where id = (select …
 * for update skip locked) returning`), so on PostgreSQL two instances never hold one row at the
 * same time, and on PGlite (one connection) the same statement is trivially exclusive. A claim is
 * a lease: a worker that dies between claim and mark leaves the row to be claimed again when the
 * lease ends, and sent again with the same Message-ID, which receivers use to drop the duplicate
 * (at-least-once; see docs/decisions.md). Time is the forum's clock, so tests move it.
 */
export class MailDelivery {
  readonly configured: boolean;
  private publicUrl: string;
  private readonly sender: SmtpSender | null;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private started = false;
  private stopping = false;

  constructor(private readonly options: MailDeliveryOptions) {
    if (options.smtpUrl !== null && !options.mailFrom) throw new Error('MAIL_FROM is required when SMTP_URL is set');
    this.sender =
      options.smtpUrl !== null && options.mailFrom ? new SmtpSender(options.smtpUrl, options.mailFrom) : null;
    this.configured = this.sender !== null;
    this.publicUrl = options.publicUrl;
  }

  get maxTries(): number {
    return this.options.maxTries;
  }

  /** Starts looking for due mail (when SMTP is configured), or says once that none is sent. */
  start(publicUrl: string): void {
    this.publicUrl = publicUrl;
    if (this.started) return;
    this.started = true;
    if (!this.configured) {
      this.options.logger.warn(
        { event: 'mail_not_sent' },
        'SMTP_URL is not set: mail is not being sent, only kept in the outbox (/admin/mail)',
      );
      return;
    }
    this.options.logger.info(
      { event: 'mail_delivery_started', maxTries: this.options.maxTries },
      'mail delivery started',
    );
    this.schedule(0);
  }

  /**
   * Sends every mail that is due now, one at a time, and resolves when none is left. Passes in
   * one process run one after another (a test's call waits for the timer's pass to finish).
   */
  deliverDue(): Promise<PassSummary> {
    const run = this.queue.then(() => this.pass());
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Stops looking for mail and waits for a send in flight to finish and be marked. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.queue;
    this.sender?.close();
  }

  /**
   * Claims the oldest due row: queued, retrying and due, or claimed by a worker whose lease has
   * run out. Exposed for tests that play a worker dying after its claim.
   */
  async claimNext(): Promise<ClaimedMail | null> {
    const now = this.options.clock.now();
    const leaseEnd = new Date(now.getTime() + CLAIM_LEASE_MS);
    const result: { rows: ClaimRow[] } | ClaimRow[] = await this.options.db.raw(
      `update mail_outbox set status = 'sending', attempts = attempts + 1, claimed_until = ?
        where id = (
          select id from mail_outbox
           where status = 'queued'
              or (status = 'retrying' and next_attempt_at <= ?)
              or (status = 'sending' and claimed_until <= ? and attempts < ?)
           order by id
           limit 1
           for update skip locked)
        returning id, to_address, subject, body_text, created_at, attempts,
          (select username from users where users.id = mail_outbox.user_id) as username`,
      [leaseEnd, now, now, this.options.maxTries],
    );
    const row = (Array.isArray(result) ? result : result.rows)[0];
    if (!row) return null;
    return {
      id: Number(row.id),
      to: row.to_address,
      subject: row.subject,
      text: row.body_text,
      createdAt: new Date(row.created_at),
      username: row.username,
      attempt: Number(row.attempts),
    };
  }

  /** Sends a claimed row over SMTP, without marking it: what a worker does between claim and mark. */
  async send(mail: ClaimedMail): Promise<{ messageId: string; response: string }> {
    const forumTitle = String(await this.options.settings.get('title'));
    const securityUrl = mail.username
      ? `${this.publicUrl}/u/${encodeURIComponent(mail.username)}/preferences/security`
      : `${this.publicUrl}/`;
    const laidOut = layOutMail({ forumTitle, subject: mail.subject, text: mail.text, securityUrl, at: mail.createdAt });
    // The same id on every try of this row: a receiver drops the copy a crash made us resend.
    const answer = await this.requireSender().send({ to: mail.to, ...laidOut, messageId: this.messageIdFor(mail.id) });
    return { messageId: answer.messageId, response: answer.response };
  }

  /** `<outbox-42.3f9a…@example.com>`: stable per row and forum, on the sender's domain. */
  messageIdFor(id: number): string {
    const domain = /@([^>\s]+)>?\s*$/.exec(this.options.mailFrom ?? '')?.[1] ?? 'localhost';
    const site = createHash('sha256').update(this.options.siteId).digest('hex').slice(0, 16);
    return `<outbox-${id}.${site}@${domain}>`;
  }

  /**
   * Puts a failed mail back in the queue for a try now, with its tries counted from zero (the
   * admin presumably fixed what made it fail). False when the row is not failed.
   */
  async retryNow(id: number): Promise<boolean> {
    const updated = await this.options
      .db('mail_outbox')
      .where({ id, status: 'failed' })
      .update({ status: 'queued', attempts: 0, next_attempt_at: null, claimed_until: null });
    if (updated === 0) return false;
    this.options.logger.info({ event: 'mail_retry_requested', mailId: id }, 'failed mail queued again');
    return true;
  }

  /** Runs a pass now, in the background, when this forum's worker is running (after "retry now"). */
  wake(): void {
    if (!this.started || !this.configured || this.stopping || this.options.pollIntervalMs <= 0) return;
    // In the default locale, like the timer's passes: the outbox keeps no locale per mail, and a
    // pass woken by an admin's request must not frame mail in that admin's language.
    inLocale(DEFAULT_LOCALE, () => this.deliverDue()).catch((error: unknown) =>
      this.options.logger.warn(
        { event: 'mail_pass_failed', err: error },
        'mail delivery pass failed; trying again later',
      ),
    );
  }

  private async pass(): Promise<PassSummary> {
    const summary: PassSummary = { sent: 0, retrying: 0, failed: 0 };
    if (!this.configured || this.stopping) return summary;
    await this.failAbandonedLastTries();
    while (!this.stopping) {
      const mail = await this.claimNext();
      if (!mail) break;
      summary[await this.deliver(mail)] += 1;
    }
    return summary;
  }

  /** Sends one claimed row and records the outcome, unless another worker has claimed it since. */
  private async deliver(mail: ClaimedMail): Promise<keyof PassSummary> {
    const { db, clock, logger, maxTries } = this.options;
    const fence = { id: mail.id, status: 'sending', attempts: mail.attempt };
    let info: { messageId: string; response: string };
    try {
      info = await this.send(mail);
    } catch (error) {
      const lastError = this.requireSender().describe(error);
      if (mail.attempt >= maxTries) {
        await db('mail_outbox')
          .where(fence)
          .update({ status: 'failed', last_error: lastError, claimed_until: null, next_attempt_at: null });
        logger.error(
          { event: 'mail_failed', mailId: mail.id, attempt: mail.attempt, error: lastError },
          'mail delivery gave up',
        );
        return 'failed';
      }
      const nextAttemptAt = new Date(clock.now().getTime() + retryDelayMs(mail.attempt));
      await db('mail_outbox')
        .where(fence)
        .update({ status: 'retrying', last_error: lastError, claimed_until: null, next_attempt_at: nextAttemptAt });
      logger.warn(
        {
          event: 'mail_retrying',
          mailId: mail.id,
          attempt: mail.attempt,
          nextAttemptAt: nextAttemptAt.toISOString(),
          error: lastError,
        },
        'mail not sent, will retry',
      );
      return 'retrying';
    }
    // Outside the try: a failure to record the success must not be recorded as a failed send.
    // If this update is lost, the lease runs out and the row goes again, with the same Message-ID.
    await db('mail_outbox').where(fence).update({
      status: 'sent',
      sent_at: clock.now(),
      message_id: info.messageId,
      smtp_response: info.response,
      claimed_until: null,
      next_attempt_at: null,
      last_error: null,
    });
    logger.info({ event: 'mail_sent', mailId: mail.id, attempt: mail.attempt, response: info.response }, 'mail sent');
    return 'sent';
  }

  /**
   * A worker died during the last allowed try: the mail may or may not have gone out. Rather than
   * loop on a row that perhaps crashes us, mark it failed and say so; an admin can retry it.
   */
  private async failAbandonedLastTries(): Promise<void> {
    await this.options
      .db('mail_outbox')
      .where({ status: 'sending' })
      .where('claimed_until', '<=', this.options.clock.now())
      .where('attempts', '>=', this.options.maxTries)
      .update({
        status: 'failed',
        claimed_until: null,
        last_error: t('forum.mail.stopped_during_last_try'),
      });
  }

  private schedule(delayMs: number): void {
    if (this.stopping || this.options.pollIntervalMs <= 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.deliverDue()
        .catch((error: unknown) =>
          this.options.logger.warn(
            { event: 'mail_pass_failed', err: error },
            'mail delivery pass failed; trying again later',
          ),
        )
        .finally(() => this.schedule(this.options.pollIntervalMs));
    }, delayMs);
    this.timer.unref();
  }

  private requireSender(): SmtpSender {
    if (!this.sender) throw new MailNotConfiguredError();
    return this.sender;
  }
}

interface ClaimRow {
  id: number | string;
  to_address: string;
  subject: string;
  body_text: string;
  created_at: Date | string;
  attempts: number | string;
  username: string | null;
}
