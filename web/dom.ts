/**
 * Small DOM helpers for the workshop page: element lookup that fails loudly, and element
 * creation with its class, text and attributes in one call.
 */

/**
 * The element with `id`; throws when the page lacks it (a broken build, not a user error).
 *
 * @example
 * byId<HTMLButtonElement>('play').disabled = true;
 */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`the page has no #${id}`);
  return element as T;
}

/**
 * Creates an element with a class, text and attributes.
 *
 * @example
 * element('option', { text: 'MUG-01', attributes: { value: '0' } });
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; attributes?: Record<string, string> } = {},
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (options.className) created.className = options.className;
  if (options.text !== undefined) created.textContent = options.text;
  for (const [name, value] of Object.entries(options.attributes ?? {})) created.setAttribute(name, value);
  return created;
}
