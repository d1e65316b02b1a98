import type { Ack, ErrorBody } from '../../../../shared/errors.ts';
import { ERROR_CODES } from '../../../../shared/errors.ts';
import { urlOf, type CallInput, type Endpoint, type HttpAck, type ResponseOf } from '../../../../shared/http.ts';
import type { RouteAt } from '../../../../shared/routes/index.ts';
type UrlInput = Parameters<typeof urlOf>[1];

function isErrorBody(value: unknown): value is ErrorBody {
  return (
    typeof value === 'object' &&
    value !== null &&
    (ERROR_CODES as readonly string[]).includes((value as { code?: unknown }).code as string)
  );
}

type Input<E extends Endpoint> = CallInput<RouteAt<E>>;

/**
 * One call to a route of the shared HTTP contract (its endpoint from `PATHS`), answered like a socket command so
 * pages handle both alike: the path is built from the route's parameters and query, and the parameters, body and
 * answer are typed by the route's schemas, which stay on the server's side of the bundle. Writes always carry
 * `content-type: application/json`: the server refuses any other write as a possible cross-site form post.
 */
export async function call<E extends Endpoint>(route: E, ...[input]: {} extends Input<E> ? [Input<E>?] : [Input<E>]): Promise<HttpAck<RouteAt<E>>> {
  const write = route.method !== 'GET';
  let response: Response;
  try {
    response = await fetch(urlOf(route, input as UrlInput), {
      method: route.method,
      credentials: 'same-origin',
      headers: write ? { 'content-type': 'application/json', accept: 'application/json' } : { accept: 'application/json' },
      body: write ? JSON.stringify(input?.body ?? {}) : undefined,
    });
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'network error' } };
  }
  return ackOf<ResponseOf<RouteAt<E>>>(response);
}

/** A file upload to a route that accepts multipart/form-data, streamed by the server to disk; the browser names its origin, as required. */
export async function upload<E extends Endpoint>(route: E, params: Input<E>['params'], form: FormData): Promise<HttpAck<RouteAt<E>>> {
  let response: Response;
  try {
    response = await fetch(urlOf(route, { params } as UrlInput), { method: route.method, credentials: 'same-origin', headers: { accept: 'application/json' }, body: form });
  } catch {
    return { ok: false, error: { code: 'unavailable', message: 'network error' } };
  }
  return ackOf<ResponseOf<RouteAt<E>>>(response);
}

async function ackOf<T>(response: Response): Promise<Ack<T>> {
  const data: unknown = await response.json().catch(() => null);
  if (response.ok) return { ok: true, data: data as T };
  const error = (data as { error?: unknown } | null)?.error;
  return { ok: false, error: isErrorBody(error) ? error : { code: 'internal', message: `HTTP ${response.status}` } };
}
