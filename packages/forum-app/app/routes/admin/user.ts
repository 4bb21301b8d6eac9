import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type ApiService from 'forum-app/services/api';
import type { Member } from 'forum-plugin-api/frontend';

export interface AdminUserModel {
  member: Member;
  /** Until when the account is locked by wrong passwords or codes, or null. */
  lockedUntil: string | null;
}

/** `/admin/users/:id`: one member, as the admin sees them. */
export default class AdminUserRoute extends Route<AdminUserModel> {
  @service declare api: ApiService;

  async model(params: { id: string }): Promise<AdminUserModel> {
    const { user, lockedUntil } = await this.api.get<{ user: Member; lockedUntil: string | null }>(
      `/api/admin/users/${encodeURIComponent(params.id)}`,
    );
    return { member: user, lockedUntil };
  }
}
