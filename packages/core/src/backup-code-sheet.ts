import { formatBackupCode } from './backup-code-format.js';

export interface BackupCodeSheet {
  forumName: string;
  username: string;
  createdAt: Date;
  /** In sheet order: position 1 first. */
  codes: readonly string[];
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * When the batch was made, to the minute, in the member's own clock (they compare it with the
 * panel's "created" date): two batches made the same day must not look the same.
 */
export function backupCodeSheetTime(createdAt: Date): { text: string; fileStamp: string } {
  const date = `${createdAt.getFullYear()}-${pad(createdAt.getMonth() + 1)}-${pad(createdAt.getDate())}`;
  const time = `${pad(createdAt.getHours())}:${pad(createdAt.getMinutes())}`;
  return { text: `${date} ${time}`, fileStamp: `${date}-${time.replace(':', '')}` };
}

/** The `.txt` file a member downloads (and the page they print): everything needed, nothing else. */
export function renderBackupCodeSheet(sheet: BackupCodeSheet): string {
  const width = String(sheet.codes.length).length;
  const lines = [
    `${sheet.forumName} — backup codes for ${sheet.username}`,
    `Created ${backupCodeSheetTime(sheet.createdAt).text}`,
    '',
    'Each code works once. Use one when you are asked for a code from your authenticator app',
    'and do not have your phone: choose "Use a backup code instead" and type it in.',
    'Cross out each code after using it. Creating new codes makes all of these stop working.',
    '',
    ...sheet.codes.map((code, i) => `${String(i + 1).padStart(width, ' ')}. ${formatBackupCode(code)}`),
    '',
    'Keep this somewhere safe, away from your phone.',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `forum-name-username-backup-codes-2026-11-20-1004.txt`, safe as a file name on every system;
 * the time tells a new batch's file from an old one's (the API gives batches no id).
 */
export function backupCodeSheetFilename(forumName: string, username: string, createdAt: Date): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'forum';
  return `${slug(forumName)}-${slug(username)}-backup-codes-${backupCodeSheetTime(createdAt).fileStamp}.txt`;
}
