import { Model } from 'objection';
import type { CurrentUser } from 'forum-plugin-api/server';

export class User extends Model {
  static override tableName = 'users';

  id!: number;
  username!: string;
  username_lower!: string;
  email!: string;
  password_hash!: string;
  admin!: boolean;
  created_at!: Date;
  updated_at!: Date;

  /** What the API and plugins see of a member: never the password hash. */
  toCurrentUser(): CurrentUser {
    return { id: this.id, username: this.username, email: this.email, admin: this.admin, createdAt: this.created_at };
  }
}

/** The JSON shape of a user in API responses. */
export function serializeUser(user: CurrentUser) {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    admin: user.admin,
    createdAt: user.createdAt.toISOString(),
  };
}
