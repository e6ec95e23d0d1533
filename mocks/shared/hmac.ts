/**
 * HMAC-SHA256 with Web Crypto, so the mocks run wherever `crypto.subtle` exists (Node 20,
 * browsers, edge runtimes) without importing `node:crypto`.
 *
 * @example
 * const signer = new HmacSigner('app-secret');
 * const header = await signer.base64('{"available":88}'); // Shopify's X-Shopify-Hmac-Sha256
 */
export class HmacSigner {
  private key: ReturnType<typeof crypto.subtle.importKey> | undefined;

  constructor(private readonly secret: string) {}

  /** Base64 of HMAC-SHA256(body) keyed with the secret (Shopify's webhook header). */
  async base64(body: string): Promise<string> {
    return bytesToBase64(await this.sign(body));
  }

  /** Lower-case hex of HMAC-SHA256(body) keyed with the secret. */
  async hex(body: string): Promise<string> {
    const bytes = await this.sign(body);
    let text = '';
    for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
    return text;
  }

  private async sign(body: string): Promise<Uint8Array> {
    // The key is imported once per signer: importKey is async and costs more than a signature.
    this.key ??= crypto.subtle.importKey('raw', new TextEncoder().encode(this.secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    const signature = await crypto.subtle.sign('HMAC', await this.key, new TextEncoder().encode(body));
    return new Uint8Array(signature);
  }
}

/** Standard base64 (with padding) of raw bytes, without Node's Buffer. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
