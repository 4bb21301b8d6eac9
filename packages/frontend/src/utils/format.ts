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

/** The text of a backup-code sheet, for the download. */
export function backupCodesText(siteTitle: string, codes: readonly string[]): string {
  const lines = codes.map((code, index) => `${String(index + 1).padStart(2, ' ')}. ${code}`);
  return [
    `${siteTitle} backup codes`,
    '',
    'Each code works once, when you cannot use your authenticator app.',
    '',
    ...lines,
    '',
  ].join('\n');
}
