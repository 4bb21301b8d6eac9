const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An ISO timestamp as a short local date ("Nov 25, 2026"). */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}
