import { startTestForum, type TestForum } from 'forum-server/testing';
import { TestSmtpServer } from 'forum-server/testing/smtp';
import { pluginManifest } from './forum.js';

export interface MailingForum {
  forum: TestForum;
  smtp: TestSmtpServer;
}

/**
 * The forum with this plugin, delivering its mail over SMTP to a real server started for the test.
 * Mail goes out only when a test calls `deliverDue()` (no poll), so a test sees exactly what it caused.
 */
export async function startMailingForum(): Promise<MailingForum> {
  const smtp = await TestSmtpServer.start();
  const forum = await startTestForum({
    pluginManifests: [pluginManifest],
    smtpUrl: smtp.url,
    mailFrom: 'Forum <forum@example.test>',
    publicUrl: 'https://forum.example.test',
    mailPollIntervalMs: 0,
  });
  return { forum, smtp };
}

export async function stopMailingForum({ forum, smtp }: MailingForum): Promise<void> {
  await forum.stop();
  await smtp.close();
}
