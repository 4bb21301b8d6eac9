import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One message as the SMTP server received it. */
export interface ReceivedMail {
  envelopeFrom: string;
  envelopeTo: string[];
  /** The message as sent, headers and all: for checking that no secret went over the wire. */
  raw: string;
  parsed: ParsedMail;
  messageId: string;
}

/** What the server answers to the next DATA: accept, or refuse with an SMTP code. */
type Answer = { accept: true } | { accept: false; code: number; message: string };

/**
 * A real SMTP server (smtp-server) on 127.0.0.1 with an ephemeral port and a password, for tests
 * of the forum's real nodemailer transport. STARTTLS is off (loopback, no certificate to trust);
 * plain-text AUTH is allowed for the same reason.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  /** Every DATA the server saw, accepted or refused: how many tries reached it. */
  dataAttempts = 0;
  private answer: Answer = { accept: true };
  private holding: { release: () => void; released: Promise<void> } | null = null;
  private onHoldStarted: (() => void) | null = null;
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
    readonly user: string,
    readonly password: string,
    private readonly delayMs: number,
  ) {}

  static async start(
    options: { user?: string; password?: string; port?: number; delayMs?: number } = {},
  ): Promise<TestSmtpServer> {
    const user = options.user ?? 'forum-mailer';
    const password = options.password ?? 'smtp-pass-Zq7-never-shown';
    let self: TestSmtpServer | null = null;
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === user && auth.password === password) callback(null, { user });
        else callback(Object.assign(new Error('Authentication credentials invalid'), { responseCode: 535 }));
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          void self?.handleData(Buffer.concat(chunks), session.envelope, callback);
        });
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
    });
    self = new TestSmtpServer(server, port, user, password, options.delayMs ?? 0);
    return self;
  }

  /** `smtp://user:password@127.0.0.1:port`, as SMTP_URL. */
  get url(): string {
    return `smtp://${encodeURIComponent(this.user)}:${encodeURIComponent(this.password)}@127.0.0.1:${this.port}`;
  }

  accept(): void {
    this.answer = { accept: true };
  }

  /** Answers every following DATA with this code (4xx: try later; 5xx: refused). */
  refuse(code: number, message: string): void {
    this.answer = { accept: false, code, message };
  }

  /**
   * Keeps the next message's DATA unanswered until `release()`: a send in flight. `started`
   * resolves when the message has arrived and is being held.
   */
  hold(): { started: Promise<void>; release: () => void } {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    this.holding = { release, released };
    const started = new Promise<void>((resolve) => (this.onHoldStarted = resolve));
    return { started, release };
  }

  /** Resolves once `count` messages have been accepted in all. */
  waitForMessages(count: number, timeoutMs = 10_000): Promise<void> {
    if (this.received.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${this.received.length} of ${count} messages arrived`)),
        timeoutMs,
      );
      this.waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handleData(
    raw: Buffer,
    envelope: { mailFrom: { address: string } | false; rcptTo: { address: string }[] },
    callback: (err?: Error | null, message?: string) => void,
  ): Promise<void> {
    this.dataAttempts += 1;
    if (this.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.holding) {
      const { released } = this.holding;
      this.holding = null;
      this.onHoldStarted?.();
      await released;
    }
    const answer = this.answer;
    if (!answer.accept) {
      callback(Object.assign(new Error(answer.message), { responseCode: answer.code }));
      return;
    }
    const parsed = await simpleParser(raw);
    this.received.push({
      envelopeFrom: envelope.mailFrom ? envelope.mailFrom.address : '',
      envelopeTo: envelope.rcptTo.map((r) => r.address),
      raw: raw.toString('utf8'),
      parsed,
      messageId: parsed.messageId ?? '',
    });
    callback(null, `queued as test-${this.received.length}`);
    for (const waiter of this.waiters.filter((w) => this.received.length >= w.count)) waiter.resolve();
    this.waiters = this.waiters.filter((w) => this.received.length < w.count);
  }
}
