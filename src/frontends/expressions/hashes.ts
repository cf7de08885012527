// Placeholder interface; the implementation replaces this file.
export function uniqueString(..._parts: string[]): string {
  throw new Error('not implemented');
}
export function guid(..._parts: string[]): string {
  throw new Error('not implemented');
}
