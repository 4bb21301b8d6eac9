/** Small pure formatting helpers for the plugin's templates. */

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

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An ISO timestamp as a short local date ("Nov 25, 2026"). */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

const shortDateFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });

/** An ISO timestamp as a day and month ("20 Nov"), for the used-codes list. */
export function formatShortDate(iso: string): string {
  return shortDateFormat.format(new Date(iso));
}

const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

/** A moment as a local clock time ("09:12", "9:12 AM"). */
export function formatTime(date: Date): string {
  return timeFormat.format(date);
}
