/**
 * Dates as the forum shows them, in the current locale (`currentLocale()`: the browser's language
 * when the forum has messages for it): one set of formatters for the host's pages and the plugins'.
 */
import { dateTimeFormatFor } from '../i18n/messages.js';
import { currentLocale } from './i18n.js';

/** An `Intl.DateTimeFormat` for the current locale with `options`, made once per locale. */
export function dateTimeFormat(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return dateTimeFormatFor(currentLocale(), options);
}

/** An ISO timestamp as a short local date ("Nov 25, 2026"). */
export function formatDate(iso: string): string {
  return dateTimeFormat({ dateStyle: 'medium' }).format(new Date(iso));
}

/** An ISO timestamp as a local date and time ("Nov 25, 2026, 9:12 AM"). */
export function formatDateTime(iso: string): string {
  return dateTimeFormat({ dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
