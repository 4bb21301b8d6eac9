import { formatBackupCode } from './backup-code-format.js';

export interface BackupCodeSheet {
  forumName: string;
  username: string;
  createdAt: Date;
  /** In sheet order: position 1 first. */
  codes: readonly string[];
}

/** The `.txt` file a member downloads (and the page they print): everything needed, nothing else. */
export function renderBackupCodeSheet(sheet: BackupCodeSheet): string {
  const date = sheet.createdAt.toISOString().slice(0, 10);
  const width = String(sheet.codes.length).length;
  const lines = [
    `${sheet.forumName} — backup codes for ${sheet.username}`,
    `Created ${date}`,
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

/** `forum-name-username-backup-codes.txt`, safe as a file name on every system. */
export function backupCodeSheetFilename(forumName: string, username: string): string {
  const slug = (s: string) =>
    s
      .normalize('NFKD')
      .replace(/[^\w.-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .toLowerCase() || 'forum';
  return `${slug(forumName)}-${slug(username)}-backup-codes.txt`;
}
