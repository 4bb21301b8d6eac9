import { createInterface } from 'node:readline/promises';
import { z } from 'zod';
import { emailSchema, passwordSchema, usernameSchema } from '../accounts/account-input.js';
import { createUser } from '../accounts/users.js';
import { zodMessage } from '../errors.js';
import { openForum } from '../forum.js';
import { clearSetupTokens } from '../setup/setup-tokens.js';

const adminInput = z.object({ username: usernameSchema, email: emailSchema, password: passwordSchema });

async function askPassword(): Promise<string> {
  if (!process.stdin.isTTY) {
    // Piped: the first line of standard input is the password.
    const rl = createInterface({ input: process.stdin });
    for await (const line of rl) return line;
    return '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const output = rl as unknown as { _writeToOutput(s: string): void };
  const write = output._writeToOutput.bind(rl);
  // Echo the prompt but not the password.
  output._writeToOutput = (s: string) => write(s.startsWith('Password') ? s : '');
  const answer = await rl.question('Password for the new admin: ');
  rl.close();
  process.stdout.write('\n');
  return answer;
}

export async function createAdminCommand(flags: {
  username?: string;
  email?: string;
  password?: string;
}): Promise<number> {
  const password = flags.password ?? process.env.FORUM_ADMIN_PASSWORD ?? (await askPassword());
  const parsed = adminInput.safeParse({ username: flags.username, email: flags.email, password });
  if (!parsed.success) {
    console.error(
      `forum create-admin: ${zodMessage(parsed.error)}\nUsage: forum create-admin --username U --email E [--password P]`,
    );
    return 1;
  }
  const forum = await openForum({ command: 'forum create-admin', logLevel: 'warn' });
  try {
    const user = await createUser(forum.db, { ...parsed.data, admin: true });
    await clearSetupTokens(forum.db);
    console.log(`Created admin ${user.username} <${user.email}> (id ${user.id}).`);
    return 0;
  } finally {
    await forum.close();
  }
}
