/**
 * `npm run bench`: how fast backup codes are, measured on this machine against the real forum
 * (real argon2id, real database: PGlite, or PostgreSQL when DATABASE_URL is set).
 *
 * Figures printed:
 *  1. argon2id verify alone (the floor of every backup-code check);
 *  2. a wrong backup code at the login's second step, with 5, 10 and 20 codes stored: the
 *     cost must not grow with the number of codes (one hash per attempt);
 *  3. what a peer's "verify the input against every stored hash" would cost for the same counts;
 *  4. a right backup code at the second step (verify + atomic burn + events);
 *  5. 50 concurrent requests racing with one code: wall time and the one winner.
 */
import argon2 from 'argon2';
import { startTestForum, writeSiteSettings, type TestClient, type TestForum } from 'forum-server/testing';
import { fileURLToPath } from 'node:url';
import { enrolMember } from '../src/forum-client.js';
import { ms, summarize, timed } from './statistics.js';

const pluginManifest = fileURLToPath(new URL('../../../../plugin.json', import.meta.url));
const options = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

function line(label: string, samples: number[]): void {
  const s = summarize(samples);
  console.log(`${label.padEnd(58)} median ${ms(s.median).padStart(9)}   p95 ${ms(s.p95).padStart(9)}   (n=${s.n})`);
}

function setSetting(forum: TestForum, name: string, value: unknown): Promise<void> {
  return writeSiteSettings(forum.forum, { [name]: value });
}

/** Starts a phase with no failure counted: the bench measures checks, not lockouts. */
async function clearLockouts(forum: TestForum): Promise<void> {
  await forum.forum.services.db('attempt_counters').delete();
}

/** Times one request and insists on the expected answer, so a lockout never passes for speed. */
async function timedRequest(expected: number, run: () => Promise<{ status: number; text: string }>): Promise<number> {
  const { result, ms: took } = await timed(run);
  if (result.status !== expected) throw new Error(`expected ${expected}, got ${result.status}: ${result.text}`);
  return took;
}

async function challengeFor(client: TestClient, member: { username: string; password: string }): Promise<string> {
  const response = await client.logIn(member.username, member.password);
  return (response.body as { challenge: string }).challenge;
}

async function argon2Floor(): Promise<void> {
  const hash = await argon2.hash('ABCD1234EFGH', options);
  const samples: number[] = [];
  for (let i = 0; i < 30; i++) samples.push((await timed(() => argon2.verify(hash, 'ABCD1234EFGX'))).ms);
  line('argon2id verify (m=19 MiB, t=2, p=1), in process', samples);
}

/** Wrong codes at the second step; four per member, under the burst lockout of five. */
async function wrongCodeAtLogin(forum: TestForum, stored: number, samples: number): Promise<number[]> {
  await setSetting(forum, 'backup_codes_count', stored);
  await clearLockouts(forum);
  const times: number[] = [];
  while (times.length < samples) {
    const member = await enrolMember(forum.client(), `w${stored}_`);
    const client = forum.client();
    const challenge = await challengeFor(client, member);
    for (let i = 0; i < 4 && times.length < samples; i++) {
      const wrong = `${member.backupCodes[i]!.slice(0, 2)}00-0000-000${i}`;
      times.push(await timedRequest(401, () => client.post('/api/session/second-factor', { challenge, method: 'backup_code', token: wrong })));
    }
  }
  return times;
}

async function peerCost(stored: number): Promise<number[]> {
  const hashes = await Promise.all(Array.from({ length: stored }, (_, i) => argon2.hash(`CODE${i}`, options)));
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    times.push((await timed(async () => {
      for (const hash of hashes) await argon2.verify(hash, 'WRONG-CODE');
    })).ms);
  }
  return times;
}

async function rightCodeAtLogin(forum: TestForum, samples: number): Promise<number[]> {
  await setSetting(forum, 'backup_codes_count', 20);
  await clearLockouts(forum);
  const times: number[] = [];
  while (times.length < samples) {
    const member = await enrolMember(forum.client(), 'r_');
    for (const code of member.backupCodes.slice(0, 10)) {
      if (times.length >= samples) break;
      const client = forum.client();
      const challenge = await challengeFor(client, member);
      times.push(await timedRequest(200, () => client.post('/api/session/second-factor', { challenge, method: 'backup_code', token: code })));
    }
  }
  return times;
}

async function race(forum: TestForum): Promise<void> {
  await clearLockouts(forum);
  const owner = forum.client();
  const member = await enrolMember(owner, 'race_');
  await owner.csrfToken();
  const { result, ms: wall } = await timed(() =>
    Promise.all(Array.from({ length: 50 }, () => owner.post('/api/session/confirm', { password: member.password, method: 'backup_code', token: member.backupCodes[0] }))),
  );
  const winners = result.filter((r) => r.status === 200).length;
  console.log(`${'50 concurrent confirms with one backup code'.padEnd(58)} wall ${ms(wall).padStart(9)}   winners: ${winners}`);
}

async function main(): Promise<void> {
  const forum = await startTestForum({ pluginManifests: [pluginManifest], logLevel: 'silent' });
  try {
    // Every request comes from 127.0.0.1: lift the per-IP limit to its maximum for the run.
    await setSetting(forum, 'second_factor_max_failures_per_ip_per_hour', 1000);
    console.log(`Backup-code benchmark on ${forum.database.kind} (${process.arch}, Node ${process.version})\n`);
    await argon2Floor();
    for (const stored of [5, 10, 20]) line(`wrong backup code at login, ${String(stored).padStart(2)} codes stored (HTTP)`, await wrongCodeAtLogin(forum, stored, 20));
    for (const stored of [5, 10, 20]) line(`peer approach: verify against all ${String(stored).padStart(2)} hashes`, await peerCost(stored));
    line('right backup code at login: verify + burn + events (HTTP)', await rightCodeAtLogin(forum, 20));
    await race(forum);
  } finally {
    await forum.stop();
  }
}

await main();
