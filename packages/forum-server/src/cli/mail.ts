import { z } from 'zod';
import { configFromEnv } from '../config.js';
import { layOutMail } from '../mail/mail-layout.js';
import { SmtpSender } from '../mail/smtp-transport.js';
import { hostSettings } from '../settings/setting-definition.js';

const address = z.email();

/**
 * `npx forum mail test <address>`: one mail through SMTP_URL, not through the outbox, and what
 * the server answered. It opens no database, so it works beside a running forum on PGlite; the
 * forum is named by the title setting's default.
 */
export async function mailCommand(args: string[]): Promise<number> {
  const [sub, to, ...extra] = args;
  if (sub !== 'test' || !to || extra.length > 0) {
    console.error('Usage: forum mail test <address>');
    return 1;
  }
  if (!address.safeParse(to).success) {
    console.error(`forum mail test: "${to}" is not an email address.`);
    return 1;
  }
  const config = configFromEnv();
  if (!config.smtpUrl || !config.mailFrom) {
    console.error('forum mail test: SMTP_URL is not set: the forum keeps mail in the outbox and sends none.');
    return 1;
  }
  const title = String(hostSettings.title?.default ?? 'Forum');
  const publicUrl = config.publicUrl ?? `http://${config.host}:${config.port}`;
  const sender = new SmtpSender(config.smtpUrl, config.mailFrom);
  try {
    const laidOut = layOutMail({
      forumTitle: title,
      subject: `${title}: test mail`,
      text: 'This is a test mail sent by `forum mail test`. If you can read it, the forum can send mail.',
      securityUrl: `${publicUrl}/`,
      at: new Date(),
    });
    const answer = await sender.send({ to, ...laidOut });
    console.log(
      `Sent a test mail to ${to} (Message-ID ${answer.messageId}).\nThe SMTP server answered: ${answer.response}`,
    );
    return 0;
  } catch (error) {
    console.error(`forum mail test: the mail was not sent: ${sender.describe(error)}`);
    return 1;
  } finally {
    sender.close();
  }
}
