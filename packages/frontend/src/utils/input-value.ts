/** The current value of the input an event came from. */
export function inputValue(event: Event): string {
  return (event.target as HTMLInputElement).value;
}
