import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type ApiService from 'forum-app/services/api';
import type { MemberDetails } from 'forum-plugin-api/frontend';

/** `/admin/users/:id`: one member, as the admin sees them. */
export default class AdminUserRoute extends Route<MemberDetails> {
  @service declare api: ApiService;

  async model(params: { id: string }): Promise<MemberDetails> {
    const { user } = await this.api.get<{ user: MemberDetails }>(`/api/admin/users/${encodeURIComponent(params.id)}`);
    return user;
  }
}
