/**
 * File texts read while planning the units (every Bicep file for its module references, every Terraform
 * file for its module calls) kept for the units that read them again, so each file is opened once per
 * scan. Bounded by the characters it holds, a Terraform tree's worth: past the bound, files are simply
 * read again. A larger bound was measured to cost more in peak memory (texts held for the whole scan)
 * than it saved in reads.
 */
export class TextCache {
  private readonly texts = new Map<string, string>();
  private chars = 0;

  constructor(private readonly maxChars = 4 * 1024 * 1024) {}

  get(display: string): string | undefined {
    return this.texts.get(display);
  }

  add(display: string, text: string): void {
    if (this.texts.has(display) || this.chars + text.length > this.maxChars) return;
    this.chars += text.length;
    this.texts.set(display, text);
  }
}
