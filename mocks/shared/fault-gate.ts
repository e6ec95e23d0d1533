/**
 * Asks the host's fault hook about a request and turns the answer into the response the
 * mock gives instead, so every handler applies HTTP-level faults the same way.
 *
 * @example
 * const verdict = consultFaults(context, system, request, '/inventory/MUG-01', undefined);
 * if (verdict === 'throttle') return wmsError(429, 'RATE_LIMITED', 'Too many requests');
 */
import type { HttpFaultOutcome, MockContext } from '../context.js';
import { HttpResponse } from 'msw';

/** Asks the hook (if any) what happens to this request; `ok` without a hook. */
export function consultFaults(
  context: MockContext,
  system: number,
  request: Request,
  path: string,
  operation: string | undefined,
): HttpFaultOutcome {
  if (!context.faults) return 'ok';
  const definition = context.incident.systems[system]!;
  return context.faults(system, {
    systemName: definition.name,
    kind: definition.kind,
    method: request.method,
    path,
    operation,
    nowMs: context.clock.nowMs(),
  });
}

/** The response of a lost request: `fetch` rejects with a network error. */
export function lostResponse(): Response {
  return HttpResponse.error();
}

/** The path of `request` after the system's mount point (`baseUrl`), query string excluded. */
export function pathAfter(baseUrl: string, request: Request): string {
  const url = new URL(request.url);
  const prefix = new URL(baseUrl).pathname.replace(/\/+$/, '');
  return url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) || '/' : url.pathname;
}
