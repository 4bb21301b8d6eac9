import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { TestClient } from 'forum-server/testing';
import type { BenchReply, BenchRequest, ReadyMessage, ServerStats } from './forum-process.js';

const { threadPoolSize } = createRequire(import.meta.url)('forum-server/thread-pool') as {
  threadPoolSize: (env: NodeJS.ProcessEnv) => string;
};

type Command = BenchRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** The bench's side of the forum process: start it, ask it things, stop it. */
export class ForumHandle {
  private nextId = 1;
  private waiting = new Map<number, (reply: BenchReply) => void>();

  private constructor(
    private readonly child: ChildProcess,
    readonly url: string,
    readonly database: string,
  ) {
    child.on('message', (reply: BenchReply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
  }

  static start(): Promise<ForumHandle> {
    // The pool size `npx forum` would give it (one thread per core): the child's own code runs too late to set it.
    const child = fork(fileURLToPath(new URL('./forum-process.js', import.meta.url)), {
      stdio: 'inherit',
      env: { ...process.env, UV_THREADPOOL_SIZE: threadPoolSize(process.env) },
      // BENCH_CPU_PROFILE=dir: the forum's CPU profile, written there when the run ends.
      execArgv: process.env.BENCH_CPU_PROFILE
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`, '--cpu-prof-interval=500']
        : [],
    });
    return new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the forum process exited with ${code}`)));
      child.on('message', (message: ReadyMessage | BenchReply) => {
        if ('type' in message && message.type === 'ready')
          resolve(new ForumHandle(child, message.url, message.database));
      });
    });
  }

  client(): TestClient {
    return new TestClient(this.url);
  }

  private ask(command: Command): Promise<BenchReply> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, (reply) => (reply.ok ? resolve(reply) : reject(new Error(reply.error))));
      this.child.send({ ...command, id });
    });
  }

  async settings(values: Record<string, unknown>): Promise<void> {
    await this.ask({ type: 'settings', values });
  }

  async clearLockouts(): Promise<void> {
    await this.ask({ type: 'clear-lockouts' });
  }

  /**
   * After a bulk enrolment: the database's own catch-up (vacuum, fresh statistics, which
   * PostgreSQL would otherwise do in the background while a phase is measured) done first.
   */
  async settle(): Promise<void> {
    await this.ask({ type: 'settle' });
  }

  async resetEventLoop(): Promise<void> {
    await this.ask({ type: 'reset-event-loop' });
  }

  async stats(): Promise<ServerStats> {
    const reply = await this.ask({ type: 'stats' });
    if (!reply.ok || !reply.stats) throw new Error('no stats in the reply');
    return reply.stats;
  }

  async stop(): Promise<void> {
    this.child.removeAllListeners('exit');
    await this.ask({ type: 'stop' });
  }
}
