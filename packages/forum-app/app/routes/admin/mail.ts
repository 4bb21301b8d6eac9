import Route from '@ember/routing/route';
import { service } from '@ember/service';
import type ApiService from 'forum-app/services/api';
import type { MailOutboxResponse } from 'forum-app/api/types';

/** The newest 50 mails of the outbox: what the forum told its members, and their delivery. */
export default class AdminMailRoute extends Route<MailOutboxResponse> {
  @service declare api: ApiService;

  model(): Promise<MailOutboxResponse> {
    return this.api.get<MailOutboxResponse>('/api/admin/mail-outbox');
  }
}
