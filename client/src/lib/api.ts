import type { Ack, ErrorBody } from '../../../shared/errors.ts';
import { ERROR_CODES } from '../../../shared/errors.ts';

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    (ERROR_CODES as readonly string[]).includes((value as { code?: unknown }).code as string)
  );
}

/**
 * On a first visit the browser has no resident cookie yet, and every request sent before an answer comes back is
 * given a resident id of its own: the browser keeps the last, while the socket may already hold another, and the
 * question just asked then belongs to someone else (leaving a contact for it was refused). So the page's first
 * request goes alone and the others wait for its answer, which carries the cookie.
 */
let firstAnswer: Promise<unknown> | null = null;
function afterFirst(send: () => Promise<Response>): Promise<Response> {
  const gate = firstAnswer;
  const sent = gate ? gate.then(send, send) : send();
  firstAnswer ??= sent;
  return sent;
}

/**
 * One JSON call to the HTTP API, answered like a socket command so pages handle both alike. Writes always carry
 * `content-type: application/json`: the server refuses any other write as a possible cross-site form post.
 */
export async function request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<Ack<T>> {
  const write = method !== 'GET';
  let response: Response;
  try {
    response = await afterFirst(() =>
      fetch(path, {
        method,
        credentials: 'same-origin',
        headers: write ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
        body: write ? JSON.stringify(body ?? {}) : undefined,
      }),
    );
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'network error' } };
  }
  return ackOf<T>(response);
}

/** A file upload as multipart/form-data, streamed by the server to disk; the browser names its origin, as required. */
export async function upload<T>(path: string, form: FormData): Promise<Ack<T>> {
  let response: Response;
  try {
    response = await afterFirst(() => fetch(path, { method: 'POST', credentials: 'same-origin', headers: { accept: 'application/json' }, body: form }));
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'network error' } };
  }
  return ackOf<T>(response);
}

async function ackOf<T>(response: Response): Promise<Ack<T>> {
  const data: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: data as T };
  const error = (data as { error?: unknown } | null)?.error;
  return { ok: false, error: isErrorBody(error) ? error : { code: 'internal', message: `HTTP ${response.status}` } };
}
