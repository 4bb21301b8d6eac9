/** The second-factor methods, as the API names them and as `user_second_factors.method` stores them. */
export const SecondFactorMethod = {
  totp: 'totp',
  backupCode: 'backup_code',
  webauthn: 'webauthn',
} as const;

export type SecondFactorMethodName = (typeof SecondFactorMethod)[keyof typeof SecondFactorMethod];

/** Discourse's numbering of `user_second_factors.method`. */
export const METHOD_COLUMN = { totp: 1, backup_code: 2, webauthn: 3 } as const satisfies Record<
  SecondFactorMethodName,
  number
>;

/** What an authenticator is called when the member gives it no name. */
export const DEFAULT_AUTHENTICATOR_NAME = 'Authenticator app';

/** What a security key or passkey is called when the member gives it no name. */
export const DEFAULT_SECURITY_KEY_NAME = 'Security key';
