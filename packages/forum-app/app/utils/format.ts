const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** An ISO timestamp as a short local date ("Nov 25, 2026"). */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** An ISO timestamp as a local date and time ("Nov 25, 2026, 9:12 AM"). */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}
