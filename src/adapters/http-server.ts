/**
 * The one place that serves the mocked APIs over real HTTP, for connectors in another process
 * or language. Each Node request becomes a Fetch `Request` and is answered by msw's
 * `getResponse(handlers, request)`, msw's documented way to use handlers outside interception.
 *
 * Handlers match absolute URLs (`<base>/<system>/...`), and the base is only known once the
 * socket listens (port 0 picks a free port), so `handlers` may be a function of the base URL,
 * called after `listen`. A handler answering `HttpResponse.error()` (a lost request, from the
 * fault hook) makes the server drop the connection without a response: the client sees a
 * network error, as it would on a timeout. No timers are involved anywhere.
 *
 * @example
 * const server = await startHttpServer({ port: 0, handlers: (baseUrl) => createHandlers({ ...context, baseUrl }).handlers });
 * console.log(server.baseUrl); // http://127.0.0.1:54321
 * await server.close();
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestHandler } from 'msw';
import { getResponse } from 'msw';

export interface HttpServerOptions {
  /** Default 127.0.0.1: the mocks are for local testing and should not listen on every interface. */
  host?: string;
  /** Default 0: a free port chosen by the system. */
  port?: number;
  handlers: readonly RequestHandler[] | ((baseUrl: string) => readonly RequestHandler[]);
  /** Largest request body accepted, in bytes (default 10 MiB); larger ones get 413. */
  maxBodyBytes?: number;
}

export interface HttpMockServer {
  /** `http://<host>:<port>`, no trailing slash. */
  readonly baseUrl: string;
  readonly host: string;
  readonly port: number;
  /** Replaces the handlers (for example after the caller rebuilt them). */
  setHandlers(handlers: readonly RequestHandler[]): void;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export async function startHttpServer(options: HttpServerOptions): Promise<HttpMockServer> {
  const host = options.host ?? '127.0.0.1';
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  let handlers: readonly RequestHandler[] = [];
  let origin = '';

  const server = createServer((incoming, outgoing) => {
    serve(incoming, outgoing, origin, handlers, maxBodyBytes).catch((error: unknown) => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(500, { 'Content-Type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { code: 'INTERNAL', message: String(error) } }));
      } else outgoing.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // IPv6 literals need brackets in URLs.
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  handlers = typeof options.handlers === 'function' ? options.handlers(origin) : options.handlers;

  return {
    baseUrl: origin,
    host,
    port,
    setHandlers(next) {
      handlers = next;
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}

async function serve(incoming: IncomingMessage, outgoing: ServerResponse, origin: string, handlers: readonly RequestHandler[], maxBodyBytes: number): Promise<void> {
  const method = incoming.method ?? 'GET';
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  let body: Uint8Array | undefined;
  if (method !== 'GET' && method !== 'HEAD') {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of incoming) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > maxBodyBytes) {
        outgoing.writeHead(413, { 'Content-Type': 'application/json' });
        outgoing.end(JSON.stringify({ error: { code: 'PAYLOAD_TOO_LARGE', message: `The body exceeds ${maxBodyBytes} bytes.` } }));
        return;
      }
      chunks.push(buffer);
    }
    body = new Uint8Array(Buffer.concat(chunks));
  }
  const request = new Request(`${origin}${incoming.url ?? '/'}`, { method, headers, body });
  const response = await getResponse([...handlers], request);
  if (!response) {
    outgoing.writeHead(404, { 'Content-Type': 'application/json' });
    outgoing.end(JSON.stringify({ error: { code: 'NOT_FOUND', message: `No mocked API at ${method} ${incoming.url ?? '/'}` } }));
    return;
  }
  if (response.type === 'error') {
    // A lost request: drop the connection so the client sees a network failure.
    incoming.socket.destroy();
    return;
  }
  const outHeaders: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name === 'set-cookie') return;
    outHeaders[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) outHeaders['set-cookie'] = cookies;
  const payload = method === 'HEAD' ? undefined : Buffer.from(await response.arrayBuffer());
  delete outHeaders['content-length'];
  delete outHeaders['transfer-encoding'];
  if (payload) outHeaders['content-length'] = String(payload.length);
  outgoing.writeHead(response.status, response.statusText || undefined, outHeaders);
  outgoing.end(payload);
}
