import { z } from 'zod';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { t } from '../i18n.js';

/**
 * The browser's answers, checked for shape before the library looks at them: a value that is
 * not even shaped like one is malformed (400, not counted), like a 5-digit TOTP code. Unknown
 * fields are dropped, not refused: browsers add their own (`authenticatorAttachment`, new
 * extensions) and the library reads only what it knows.
 */
const base64url = z
  .string()
  .min(1)
  .max(16_384)
  .regex(/^[A-Za-z0-9_-]*={0,2}$/, { error: () => t('second_factor.input.base64url') });

const extensionResults = z.object({
  appid: z.boolean().optional(),
  credProps: z.object({ rk: z.boolean().optional() }).optional(),
  hmacCreateSecret: z.boolean().optional(),
});

const common = {
  id: base64url.max(1_400),
  rawId: base64url.max(1_400),
  authenticatorAttachment: z.enum(['cross-platform', 'platform']).optional(),
  clientExtensionResults: extensionResults,
  type: z.literal('public-key'),
};

export const registrationResponse: z.ZodType<RegistrationResponseJSON> = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(30)).max(10).optional(),
    publicKeyAlgorithm: z.number().int().optional(),
    publicKey: base64url.optional(),
  }),
});

export const authenticationResponse: z.ZodType<AuthenticationResponseJSON> = z.object({
  ...common,
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.max(100).optional(),
  }),
});

/** The parsed answer, or null when it is not shaped like one. */
export function parsed<T>(schema: z.ZodType<T>, input: unknown): T | null {
  const result = schema.safeParse(input);
  return result.success ? result.data : null;
}
