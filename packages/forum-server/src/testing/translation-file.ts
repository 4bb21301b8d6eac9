import fs from 'node:fs';
import path from 'node:path';
import { translationKeysInSource } from 'forum-plugin-api/server';

export interface TranslationFileReport {
  /** How many `.ts` files were read: a scan that read none would find every key unused. */
  sourceFiles: number;
  /** Keys a `t('…')` call names that the file lacks. */
  missing: string[];
  /** Keys in the file no source file mentions. */
  unused: string[];
  /** Keys outside the side's own prefix (`forum.` for the host, the plugin's name for a plugin). */
  foreign: string[];
}

/**
 * What every side's "server strings" test checks about its English locale file against the
 * `.ts` files under `srcDir`: one scan, so the host and each plugin test the same rules.
 */
export function translationFileReport(
  messages: Readonly<Record<string, unknown>>,
  srcDir: string,
  prefix: string,
): TranslationFileReport {
  const sources = fs
    .readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => fs.readFileSync(path.join(srcDir, file), 'utf8'));
  return {
    sourceFiles: sources.length,
    ...translationKeysInSource(messages, sources),
    foreign: Object.keys(messages).filter((key) => !key.startsWith(prefix)),
  };
}
