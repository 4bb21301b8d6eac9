/** Template helpers too small for a file each. */
export function eq(a: unknown, b: unknown): boolean {
  return a === b;
}
