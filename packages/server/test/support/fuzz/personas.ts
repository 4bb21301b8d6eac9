import type { TestClient, TestForum } from 'forum-server/testing';
import { userIdOf } from '../backup-codes.js';
import { memberWithAuthenticator, newMember } from '../forum.js';
import type { KnownId } from './request-arbitrary.js';

export type PersonaName = 'visitor' | 'member with 2FA' | 'admin';

interface Persona {
  client: TestClient;
  userId: number;
  authenticatorId: number | null;
}

/**
 * The three callers the fuzzer plays. A request that succeeds may change who they are (log out,
 * sign up as someone else, lose the authenticator to an admin's reset), so a persona touched by a
 * success is checked before its next request, and rebuilt, fresh, only if it is no longer itself
 * (a rebuild costs a sign-up and an enrolment; a check, a GET or two).
 */
export class Personas {
  private readonly current = new Map<PersonaName, Persona>();
  private readonly suspect = new Set<PersonaName>();
  /** How many personas were built so far: a build writes to the database. */
  builds = 0;

  constructor(private readonly forum: () => TestForum) {}

  async get(name: PersonaName): Promise<Persona> {
    let persona = this.current.get(name);
    if (persona && this.suspect.has(name) && !(await this.stillItself(name, persona))) persona = undefined;
    this.suspect.delete(name);
    if (!persona) {
      persona = await this.create(name);
      this.builds += 1;
      this.current.set(name, persona);
    }
    return persona;
  }

  /** `names` may have changed (every persona when none is given): checked when next needed. */
  changed(...names: PersonaName[]): void {
    for (const name of names.length > 0 ? names : [...this.current.keys()]) this.suspect.add(name);
  }

  /** The ids a request may aim at, as they are now (every persona is built first). */
  async ids(actor: PersonaName): Promise<Record<KnownId, number>> {
    const member = await this.get('member with 2FA');
    const admin = await this.get('admin');
    const self = actor === 'visitor' ? 1 : (await this.get(actor)).userId;
    return { self, member: member.userId, admin: admin.userId, authenticator: member.authenticatorId ?? 1 };
  }

  /** Still logged in as the same account, with its authenticator (member) or admin rights, and a recent-auth window that lasts the run. */
  private async stillItself(name: PersonaName, persona: Persona): Promise<boolean> {
    const current = await persona.client.get<{ user?: { id: number; admin: boolean } }>('/api/session/current');
    if (name === 'visitor') return current.status === 404;
    if (current.status !== 200 || current.body.user?.id !== persona.userId) return false;
    const status = await persona.client.get<{ totp?: { id: number }[]; recentAuthUntil?: string | null }>(
      '/api/u/me/second-factors',
    );
    const recentAuthLasts = Date.parse(status.body.recentAuthUntil ?? '') > Date.now() + 60_000;
    if (name === 'admin') return current.body.user.admin && recentAuthLasts;
    return recentAuthLasts && (status.body.totp ?? []).some((t) => t.id === persona.authenticatorId);
  }

  private async create(name: PersonaName): Promise<Persona> {
    const forum = this.forum();
    if (name === 'visitor') return { client: forum.client(), userId: 0, authenticatorId: null };
    if (name === 'member with 2FA') {
      const enrolled = await memberWithAuthenticator(forum, 'fuzz');
      return {
        client: enrolled.client,
        userId: await userIdOf(forum, enrolled.member.username),
        authenticatorId: enrolled.authenticatorId,
      };
    }
    // Signed up and promoted rather than logged in: the fuzzer's wrong passwords may have the
    // test's IP locked out of login, and sign-up starts a session with recent authentication.
    const client = forum.client();
    const credentials = newMember('fuzzadmin');
    const signup = await client.signUp(credentials);
    if (signup.status !== 201) throw new Error(`admin sign-up failed: ${signup.text}`);
    await forum.forum.services.db('users').where({ id: signup.body.user.id }).update({ admin: true });
    return { client, userId: signup.body.user.id, authenticatorId: null };
  }
}
