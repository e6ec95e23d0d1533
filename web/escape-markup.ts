/**
 * Text escaping for markup built as a string (the SVG chart): no DOM needed, so the chart
 * renders and is tested outside a browser too.
 */

/**
 * Escapes text for markup built as a string.
 *
 * @example
 * escapeMarkup('<b>'); // '&#60;b&#62;'
 */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
