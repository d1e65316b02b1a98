/**
 * The HTTP half of the wire contract, as `events.ts` is the socket half: each route's method, path, parameters,
 * query, body and response schema, declared in `routes/` one file a noun. The server registers its handlers from these definitions, the OpenAPI document
 * is generated from them and the client builds its calls from them, so none of the three can name a route the
 * others do not know.
 */
import type { z } from 'zod';
import type { Ack } from './errors.ts';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Where a route is: all a caller needs at run time (`./routes/paths.ts`). */
export interface Endpoint {
  readonly method: Method;
  readonly path: string;
}

export interface RouteSpec extends Endpoint {
  /** Express form `/api/sessions/:id`; every `:name` has a schema in `params`. */
  readonly path: string;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** Media types the body may come in besides JSON. */
  alsoAccepts?: readonly string[];
  /** The JSON answer; a text answer (`produces`) is described as a string. */
  response: z.ZodType;
  /** 200 unless stated; a 204 has no body. */
  status?: 200 | 201 | 204;
  /** The media type of an answer that is not JSON: a file, a feed, a page of text. */
  produces?: string;
  /** Media types the route answers with instead of JSON when its query asks for them. */
  alsoProduces?: readonly string[];
  /** A failure (a probe's 503) answers with the same body as success, not an error body. */
  sameBodyOnError?: true;
  /** The refusals worth telling a caller about beyond a malformed request, by status. */
  errors?: Readonly<Partial<Record<401 | 403 | 404 | 409 | 413 | 429 | 503, string>>>;
}

/** Declares one route; the identity, so the literal types of its path and schemas reach every user. */
export function route<const R extends RouteSpec>(spec: R): R {
  return spec;
}

/** What a route answers to a caller who is not signed-in staff, or whose role or unit may not. */
export const STAFF_ONLY = { 401: 'Not signed in as staff', 403: 'The role or the unit may not do this' } as const;

/** `'/api/sessions/:id/results'` → `'id'`. */
export type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

export type ResponseOf<R extends RouteSpec> = z.output<R['response']>;
export type BodyOf<R extends RouteSpec> = R['body'] extends z.ZodType ? z.input<R['body']> : never;
export type QueryOf<R extends RouteSpec> = R['query'] extends z.ZodObject ? z.input<R['query']> : never;

/** What a caller passes to reach a route: the path's parameters, the query and the body it declares. */
export type CallInput<R extends RouteSpec> = ([ParamNames<R['path']>] extends [never]
  ? { params?: undefined }
  : { params: Record<ParamNames<R['path']>, string | number> }) &
  (R['query'] extends z.ZodObject ? ({} extends QueryOf<R> ? { query?: QueryOf<R> } : { query: QueryOf<R> }) : { query?: undefined }) &
  (R['body'] extends z.ZodType ? { body: BodyOf<R> } : { body?: undefined });

/** The path's parameters as Express names them, in order. */
export function paramNames(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z_]\w*)/g)].map((m) => m[1]!);
}

/** The URL of a route: its path with the parameters filled in (encoded) and the query's defined fields appended. */
export function urlOf(spec: Endpoint, input: { params?: Record<string, string | number>; query?: object } = {}): string {
  const path = spec.path.replace(/:([A-Za-z_]\w*)/g, (_, name: string) => {
    const value = input.params?.[name];
    if (value === undefined) throw new Error(`${spec.method} ${spec.path}: no value for :${name}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(input.query ?? {})) if (value !== undefined && value !== null) search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/** The OpenAPI form of an Express path: `/api/sessions/:id` → `/api/sessions/{id}`. */
export function openApiPath(path: string): string {
  return path.replace(/:([A-Za-z_]\w*)/g, '{$1}');
}

/** Whether a concrete path such as `/api/sessions/12/results` is an instance of the route's path. */
export function matchesPath(spec: Endpoint, path: string): boolean {
  const pattern = spec.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_]\w*/g, '[^/]+');
  return new RegExp(`^${pattern}$`).test(path);
}

export type HttpAck<R extends RouteSpec> = Ack<ResponseOf<R>>;
