/** The current value of the input, select or textarea an event came from. */
export function inputValue(event: Event): string {
  const target = event.target as HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;
  return target.value;
}
