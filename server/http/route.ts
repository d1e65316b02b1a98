import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import type { ResponseOf, RouteSpec } from '../../shared/http.ts';
import type { Actor } from '../auth/actor.ts';
import { parseWith } from './validate.ts';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** A route's parameters, query and body, parsed with its shared schemas. */
export interface RouteInput<R extends RouteSpec> {
  params: Parsed<R['params']>;
  query: Parsed<R['query']>;
  body: Parsed<R['body']>;
}

export interface RouteContext<R extends RouteSpec> {
  actor: Actor;
  req: Request;
  res: Response;
  /** Sends the answer now, for a handler that has more to do after it (a broadcast goes out after the ack). */
  reply(value: ResponseOf<R>): void;
}

/**
 * The handler returns the answer, or sends it itself: through `reply`, or through `res` for a file or text
 * (the route then declares `produces`).
 */
export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>, context: RouteContext<R>) => Promise<ResponseOf<R> | void> | ResponseOf<R> | void;

const METHODS = { GET: 'get', POST: 'post', PUT: 'put', PATCH: 'patch', DELETE: 'delete' } as const;

/**
 * Registers a handler at its route's method and path. The path's parameters, the query and the body are parsed
 * with the route's schemas, in that order, before the handler runs (a failure is a 400 naming the field); the
 * answer goes out with the route's status.
 */
export function serve<R extends RouteSpec>(router: Router, route: R, handler: RouteHandler<R>, options: { before?: RequestHandler[] } = {}): void {
  // A status the handler chose (a failed health check's 503) stands.
  const send = (res: Response, value: unknown) => {
    if (route.status && res.statusCode === 200) res.status(route.status);
    if (route.status === 204) res.end();
    else res.json(value);
  };
  router[METHODS[route.method]](route.path, ...(options.before ?? []), async function handleRoute(req: Request, res: Response) {
    const input = {
      params: route.params ? parseWith(route.params, req.params) : undefined,
      query: route.query ? parseWith(route.query, req.query) : undefined,
      // A body in another media type the route accepts (a multipart upload) is the handler's to read.
      body: route.body && !(route.alsoAccepts && req.is([...route.alsoAccepts])) ? parseWith(route.body, req.body) : undefined,
    } as RouteInput<R>;
    const value = await handler(input, { actor: res.locals.actor, req, res, reply: (answer) => send(res, answer) });
    // A file may still be on its way (sendFile reads it first): a route that produces one sends it itself.
    if (res.headersSent || route.produces) return;
    if (value === undefined && route.status !== 204) throw new Error(`${route.method} ${route.path} sent no answer`);
    send(res, value);
  });
}
