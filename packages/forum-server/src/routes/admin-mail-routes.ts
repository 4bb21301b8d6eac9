import { z } from 'zod';
import type { ForumServices } from '../forum-services.js';
import { requireAdmin } from '../http/guards.js';
import type { HostRouter } from '../http/host-state.js';

const pageQuery = z.strictObject({ page: z.coerce.number().int().min(1).max(100_000).default(1) });
const PER_PAGE = 50;

/** The dev outbox: what the forum mailed (or would mail) to members, newest first. */
export function adminMailRoutes(router: HostRouter, { db }: ForumServices): void {
  router.get('/admin/mail-outbox', async (ctx) => {
    requireAdmin(ctx);
    const { page } = pageQuery.parse(ctx.query);
    const total = await db('mail_outbox').count({ n: '*' }).first();
    const rows: { id: number; to_address: string; subject: string; body_text: string; status: string; created_at: Date }[] = await db('mail_outbox')
      .orderBy('id', 'desc')
      .limit(PER_PAGE)
      .offset((page - 1) * PER_PAGE);
    ctx.body = {
      mails: rows.map((r) => ({ id: Number(r.id), to: r.to_address, subject: r.subject, text: r.body_text, status: r.status, createdAt: r.created_at.toISOString() })),
      total: Number(total?.n ?? 0),
      page,
      perPage: PER_PAGE,
    };
  });
}
