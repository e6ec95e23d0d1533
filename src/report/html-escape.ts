/**
 * Escaping for the HTML report. Every string that comes from an input file (incident names,
 * descriptions, SKUs, titles, system names, log messages) goes through `escapeHtml` before it
 * reaches the page, because a SKU or a log line is free text a user did not write for a
 * browser.
 *
 * @example
 * escapeHtml('<script>alert(1)</script>'); // '&lt;script&gt;alert(1)&lt;/script&gt;'
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and for double- or single-quoted attribute values.
 *
 * @example
 * `<td title="${escapeHtml(sku)}">${escapeHtml(sku)}</td>`
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character]!);
}

/**
 * A token safe to use in an `id` or a class name: anything but ASCII letters, digits and
 * hyphens becomes a hyphen. Not unique by itself; callers add an index.
 *
 * @example
 * htmlToken('TEE/BLK M'); // 'TEE-BLK-M'
 */
export function htmlToken(text: string): string {
  return text.replace(/[^A-Za-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
}
