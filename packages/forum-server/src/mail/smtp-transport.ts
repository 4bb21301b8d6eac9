import nodemailer from 'nodemailer';
import type { NodemailerError } from 'nodemailer/lib/errors';

/** The nodemailer transporter the forum sends with. */
export type SmtpTransporter = ReturnType<typeof createSmtpTransporter>;

/**
 * An SMTP transporter from SMTP_URL. The URL is taken apart here rather than handed to
 * nodemailer whole so the timeouts are ours: a hung server must end a send well inside the
 * delivery lease (see mail-delivery.ts), or another instance could take the row over mid-send.
 */
export function createSmtpTransporter(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  const user = decodeURIComponent(url.username);
  return nodemailer.createTransport({
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    auth: user === '' ? undefined : { user, pass: decodeURIComponent(url.password) },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** The user and password in SMTP_URL, in every spelling an error message might repeat them. */
export function smtpCredentials(smtpUrl: string | null): string[] {
  if (!smtpUrl) return [];
  const url = new URL(smtpUrl);
  return [url.username, url.password, decodeURIComponent(url.username), decodeURIComponent(url.password)].filter(
    (s) => s.length >= 3,
  );
}

/**
 * One line for the outbox and the admins: the SMTP reply or the network error, without the
 * credentials (nodemailer's messages do not carry them today; this keeps it so if one ever does)
 * and without any URL's userinfo.
 */
export function describeSendError(error: unknown, credentials: readonly string[]): string {
  const e = error as Partial<NodemailerError>;
  const parts = [e.code, e.responseCode !== undefined ? String(e.responseCode) : undefined].filter((p): p is string =>
    Boolean(p),
  );
  let message = `${parts.length > 0 ? `${parts.join(' ')}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
  message = message.replace(/\b(smtps?:\/\/)[^\s/@]*@/gi, '$1…@');
  for (const secret of credentials) message = message.split(secret).join('…');
  return message.replace(/\s+/g, ' ').trim().slice(0, 500);
}

/** A message ready for SMTP: the layout already applied. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Set to keep one Message-ID across tries; nodemailer makes one up otherwise. */
  messageId?: string;
}

export interface SmtpAnswer {
  messageId: string;
  /** The server's final reply ("250 2.0.0 Ok: queued as …"), credentials removed. */
  response: string;
  accepted: string[];
}

/** SMTP_URL and MAIL_FROM, and the one transporter the forum sends through. */
export class SmtpSender {
  private transporter: SmtpTransporter | null = null;
  private readonly credentials: string[];

  constructor(
    private readonly smtpUrl: string,
    readonly mailFrom: string,
  ) {
    this.credentials = smtpCredentials(smtpUrl);
  }

  async send(mail: OutgoingMail): Promise<SmtpAnswer> {
    this.transporter ??= createSmtpTransporter(this.smtpUrl);
    const info = await this.transporter.sendMail({
      from: this.mailFrom,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      messageId: mail.messageId,
      // RFC 3834: no vacation replies to a notice.
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    return { messageId: info.messageId, response: this.describe(info.response), accepted: info.accepted.map(String) };
  }

  /** An error or a reply, fit for the outbox, the log and the admins. */
  describe(error: unknown): string {
    return describeSendError(error, this.credentials);
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }
}
