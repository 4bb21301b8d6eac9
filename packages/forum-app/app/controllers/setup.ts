import Controller from '@ember/controller';

/** Declares `?token=` so the setup route receives it. */
export default class SetupController extends Controller {
  queryParams = ['token'];
  token: string | null = null;
}
