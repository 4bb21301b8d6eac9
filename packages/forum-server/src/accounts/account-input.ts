import { z } from 'zod';

// Printable characters only: no controls, no invisible format characters.
const noControlCharacters = (value: string) => !/[\p{Cc}\p{Cf}]/u.test(value);

export const usernameSchema = z
  .string()
  .min(3, 'Usernames have at least 3 characters.')
  .max(20, 'Usernames have at most 20 characters.')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]*$/,
    'Usernames use letters, digits, "_", "." and "-", and start with a letter or digit.',
  );

export const emailSchema = z
  .string()
  .max(254)
  .pipe(z.email('Enter a valid email address.'))
  .transform((e) => e.toLowerCase());

export const passwordSchema = z
  .string()
  .min(10, 'Passwords have at least 10 characters.')
  .max(200, 'Passwords have at most 200 characters.')
  .refine(noControlCharacters, 'Passwords cannot contain control characters.');

export const signupBody = z.strictObject({ username: usernameSchema, email: emailSchema, password: passwordSchema });

export const loginBody = z.strictObject({
  login: z.string().min(1, 'Enter your username or email.').max(254),
  password: z.string().min(1, 'Enter your password.').max(200),
});
