import { HostErrorCode, HttpError } from '../errors.js';
import { t } from '../i18n.js';

/**
 * Characters no field of this API ever needs: C0 controls (tab and newline included), DEL, C1
 * controls, and lone UTF-16 surrogates (with the `u` flag a surrogate class matches only an
 * unpaired one). PostgreSQL refuses NUL outright (a 500 before this check), and the rest hide
 * in logs, mails and admin screens, so they are refused once, at the edge, for every route.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN = /[\u0000-\u001f\u007f-\u009f]|[\ud800-\udfff]/u;

export function hasForbiddenCharacter(text: string): boolean {
  return FORBIDDEN.test(text);
}

interface Visit {
  value: unknown;
  key: string | null;
  parent: Visit | null;
}

function pathOf(visit: Visit): string[] {
  const path: string[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent) path.push(at.key);
  return path.reverse();
}

/**
 * Where in `value` (a parsed JSON body, a query object) a string key or value holds a forbidden
 * character, as path segments (`['settings', 'title']`), or null when there is none. Iterative,
 * with parent links instead of copied paths: a 64 KiB body can nest tens of thousands of levels
 * deep, more than the call stack allows.
 */
export function findForbiddenCharacter(value: unknown): string[] | null {
  const pending: Visit[] = [{ value, key: null, parent: null }];
  for (let visit = pending.pop(); visit; visit = pending.pop()) {
    if (typeof visit.value === 'string') {
      if (hasForbiddenCharacter(visit.value)) return pathOf(visit);
      continue;
    }
    if (visit.value === null || typeof visit.value !== 'object') continue;
    for (const [key, item] of Object.entries(visit.value)) {
      // A bad key is named by where it sits, never echoed: it is the offending string.
      if (hasForbiddenCharacter(key)) return [...pathOf(visit), '(a field name)'];
      pending.push({ value: item, key, parent: visit });
    }
  }
  return null;
}

/** Throws the 400 `invalid_request` when `value` holds a forbidden character; `where` names the part of the request. */
export function refuseForbiddenCharacters(value: unknown, where: 'body' | 'query'): void {
  const found = findForbiddenCharacter(value);
  if (!found) return;
  // The path is the client's own text: shortened, so a deep or long-keyed body gives a short message.
  const shown = found
    .slice(0, 8)
    .map((segment) => (segment.length > 40 ? `${Array.from(segment).slice(0, 40).join('')}…` : segment));
  const field = found.length === 0 ? '' : `${shown.join('.')}${found.length > shown.length ? '.…' : ''}: `;
  throw new HttpError(400, HostErrorCode.invalidRequest, t('forum.errors.control_character', { where, field }));
}
