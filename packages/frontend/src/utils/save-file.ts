/**
 * Hands `text` to the browser as a downloaded file named `filename`. An object URL and a
 * transient link: no server round trip, so the codes never travel again.
 */
export function saveTextFile(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The click has started the download synchronously; the URL is no longer needed.
  URL.revokeObjectURL(url);
}
