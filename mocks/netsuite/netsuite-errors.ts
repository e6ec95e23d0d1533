/**
 * NetSuite REST web services' error shape: `type`, `title`, `status` and `o:errorDetails`, an
 * array of `{ detail, o:errorCode }` with optional `o:errorPath` (JSON path into the request
 * body), `o:errorQueryParam`, `o:errorHeader` and `o:errorUrl`. Source: Oracle NetSuite help,
 * "Error Handling in REST Web Services" (docs.oracle.com, section_156570709583), whose
 * examples (INVALID_LOGIN, INVALID_CONTENT with `o:errorPath`) the messages here follow.
 *
 * @example
 * return netsuiteError(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.');
 */
import { HttpResponse } from 'msw';

/** The media type NetSuite answers errors with. */
export const ERROR_CONTENT_TYPE = 'application/vnd.oracle.resource+json; type=error';

const TITLES: Readonly<Record<number, { title: string; type: string }>> = {
  400: { title: 'Bad Request', type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.1' },
  401: { title: 'Unauthorized', type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.2' },
  404: { title: 'Not Found', type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.4.5' },
  429: { title: 'Too Many Requests', type: 'https://tools.ietf.org/html/rfc6585#section-4' },
  500: { title: 'Internal Server Error', type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html#sec10.5.1' },
};

export interface ErrorDetailExtras {
  'o:errorPath'?: string;
  'o:errorQueryParam'?: string;
  'o:errorHeader'?: string;
  'o:errorUrl'?: string;
}

export function netsuiteError(status: number, code: string, detail: string, extras: ErrorDetailExtras = {}): Response {
  const heading = TITLES[status] ?? { title: 'Error', type: 'https://www.w3.org/Protocols/rfc2616/rfc2616-sec10.html' };
  return HttpResponse.json(
    { type: heading.type, title: heading.title, status, 'o:errorDetails': [{ detail, 'o:errorCode': code, ...extras }] },
    { status, headers: { 'Content-Type': ERROR_CONTENT_TYPE } },
  );
}

/** The 401 NetSuite gives for a missing or bad login (its documented example). */
export function invalidLogin(): Response {
  return netsuiteError(
    401,
    'INVALID_LOGIN',
    'Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at Setup > Users/Roles > User Management > View Login Audit Trail.',
  );
}

/** A body field whose value NetSuite cannot accept (its documented INVALID_CONTENT example). */
export function invalidFieldValue(value: unknown, field: string, path: string): Response {
  return netsuiteError(
    400,
    'INVALID_CONTENT',
    `Error while accessing resource: You have entered an Invalid Field Value ${typeof value === 'string' ? value : JSON.stringify(value)} for the following field: ${field}`,
    { 'o:errorPath': path },
  );
}

export function nonexistentRecord(): Response {
  return netsuiteError(404, 'NONEXISTENT_ID', 'The record instance does not exist. Provide a valid record instance ID.');
}
