import Route from '@ember/routing/route';
import { service } from '@ember/service';
import ApiError from 'forum-app/api/api-error';
import type ApiService from 'forum-app/services/api';

export interface SetupModel {
  token: string;
  valid: boolean;
}

/** `/setup?token=…`: the one-time link that lets the first visitor create the admin. */
export default class SetupRoute extends Route<SetupModel> {
  @service declare api: ApiService;

  async model(params: { token?: string | null }): Promise<SetupModel> {
    const token = params.token ?? '';
    if (!token) return { token, valid: false };
    try {
      await this.api.get<{ valid: boolean }>(`/api/setup/${encodeURIComponent(token)}`);
      return { token, valid: true };
    } catch (error) {
      if (error instanceof ApiError && error.status < 500) return { token, valid: false };
      throw error;
    }
  }
}
