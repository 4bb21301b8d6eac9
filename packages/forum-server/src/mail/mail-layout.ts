import { t } from '../i18n.js';

/** What goes out: the plugin's or host's subject and text, framed by the forum's layout. */
export interface LaidOutMail {
  subject: string;
  text: string;
  html: string;
}

export interface MailLayoutInput {
  /** The forum's title (site setting `title`). */
  forumTitle: string;
  subject: string;
  /** The notice as queued: plain text, paragraphs separated by blank lines. Never a secret. */
  text: string;
  /** Absolute link to Preferences → Security. */
  securityUrl: string;
  /** When the change happened: the row's creation time, not the time of this (perhaps late) try. */
  at: Date;
}

/** "2026-12-02 06:42 UTC": the same shape the host's own notices use. */
export function utcMinute(at: Date): string {
  return `${at.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
}

const htmlEscapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Everything that reaches the HTML part goes through here: titles and texts are admins' and plugins' words. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => htmlEscapes[c] ?? c);
}

/**
 * Adds the host's frame at send time, so the outbox keeps the notice exactly as queued (what
 * admins read at /admin/mail) and a title or PUBLIC_URL change applies to mail not yet sent.
 */
export function layOutMail(input: MailLayoutInput): LaidOutMail {
  const when = utcMinute(input.at);
  const paragraphs = input.text
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const text = [
    ...paragraphs,
    t('forum.mail.when', { when }),
    t('forum.mail.review_at', { url: input.securityUrl }),
    `— ${input.forumTitle}`,
  ].join('\n\n');
  const html = [
    '<!doctype html>',
    '<html><head><meta charset="utf-8"><title>' + escapeHtml(input.subject) + '</title></head>',
    '<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1f2328; max-width: 40em;">',
    `<h1 style="font-size: 1.25em;">${escapeHtml(input.forumTitle)}</h1>`,
    ...paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`),
    `<p>${escapeHtml(t('forum.mail.when', { when }))}</p>`,
    `<p><a href="${escapeHtml(input.securityUrl)}">${escapeHtml(t('forum.mail.review'))}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject: input.subject, text, html };
}
