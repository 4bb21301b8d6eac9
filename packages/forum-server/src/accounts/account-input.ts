import { z } from 'zod';
import { t } from '../i18n.js';

// Printable characters only: no controls, no invisible format characters.
const noControlCharacters = (value: string) => !/[\p{Cc}\p{Cf}]/u.test(value);

export const usernameSchema = z
  .string()
  .min(3, { error: () => t('forum.input.username_too_short') })
  .max(20, { error: () => t('forum.input.username_too_long') })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: () => t('forum.input.username_characters') });

export const emailSchema = z
  .string()
  .max(254)
  .pipe(z.email({ error: () => t('forum.input.email_invalid') }))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, { error: () => t('forum.input.password_too_short') })
  .max(200, { error: () => t('forum.input.password_too_long') })
  .refine(noControlCharacters, { error: () => t('forum.input.password_control_characters') });

export const signupBody = z.strictObject({ username: usernameSchema, email: emailSchema, password: passwordSchema });

export const loginBody = z.strictObject({
  login: z
    .string()
    .min(1, { error: () => t('forum.input.login_required') })
    .max(254),
  password: z
    .string()
    .min(1, { error: () => t('forum.input.password_required') })
    .max(200),
});

/**
 * A second factor's answer: a typed code, or a structured one (a security key's signed challenge)
 * that the plugin checks. The login's second step, "confirm it's you" and the password change take it.
 */
export const secondFactorTokenSchema = z.union([
  z
    .string()
    .min(1, { error: () => t('forum.input.code_required') })
    .max(100),
  z.record(z.string(), z.unknown()),
]);
