/**
 * Small pure formatting helpers for the plugin's templates. `formatDate` and `formatDateTime`
 * are the host's, from forum-plugin-api/frontend; these are the plugin's own.
 */
import { dateTimeFormat } from 'forum-plugin-api/frontend';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to read out and type into an app. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

/**
 * The server's QR code (an SVG document) as an <img> source. An image never runs scripts
 * and never needs the SVG inserted as HTML, so the server's text stays text.
 */
export function svgImageSource(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/** An ISO timestamp as a day and month ("20 Nov"), for the used-codes list, in the current locale. */
export function formatShortDate(iso: string): string {
  return dateTimeFormat({ day: 'numeric', month: 'short' }).format(new Date(iso));
}

/** A moment as a local clock time ("09:12", "9:12 AM"), in the current locale. */
export function formatTime(date: Date): string {
  return dateTimeFormat({ timeStyle: 'short' }).format(date);
}
