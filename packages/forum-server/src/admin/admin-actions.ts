import type { Knex } from 'knex';

export interface AdminAction {
  actorId: number | null;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  ip: string | null;
}

/** The staff action log: who changed what, append-only. */
export async function logAdminAction(db: Knex, entry: AdminAction): Promise<void> {
  await db('admin_actions').insert({
    actor_id: entry.actorId,
    action: entry.action,
    subject: entry.subject,
    details: JSON.stringify(entry.details),
    ip: entry.ip,
  });
}
