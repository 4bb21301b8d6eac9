import type { Knex } from 'knex';
import type { CurrentUser, ForumUsers, MemberPage } from 'forum-plugin-api/server';
import { User } from '../models/user.js';

/**
 * Finding members, for the host's admin pages and for plugins (`api.users`), which never query
 * the host's tables themselves.
 */
export function memberDirectory(db: Knex): ForumUsers {
  return {
    async find(id) {
      return (await User.query(db).findById(id))?.toCurrentUser() ?? null;
    },
    async findByUsername(username) {
      return (await User.query(db).findOne({ username_lower: username.toLowerCase() }))?.toCurrentUser() ?? null;
    },
    async findMany(ids) {
      if (ids.length === 0) return [];
      return (await User.query(db).whereIn('id', [...new Set(ids)])).map((u) => u.toCurrentUser());
    },
    list: (options) => listMembers(db, options),
    idsQuery({ adminsOnly = false } = {}) {
      const ids = db(User.tableName).select('id');
      return adminsOnly ? ids.where({ admin: true }) : ids;
    },
  };
}

async function listMembers(
  db: Knex,
  { search, page, perPage }: { search?: string | undefined; page: number; perPage: number },
): Promise<MemberPage> {
  const query = User.query(db).orderBy('id');
  if (search) {
    const pattern = `%${search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The only conditions of the query: no grouping needed around the "or".
    query.where('username_lower', 'like', pattern).orWhere('email', 'like', pattern);
  }
  const result = await query.page(page - 1, perPage);
  const users: CurrentUser[] = result.results.map((u) => u.toCurrentUser());
  return { users, total: Number(result.total), page, perPage };
}
