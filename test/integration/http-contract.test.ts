import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiPath, urlOf, type RouteSpec } from '../../shared/http.ts';
import { ROUTES } from '../../shared/routes/index.ts';
import { resident, staffMember, type Participant } from '../support/clients.ts';
import { approve, ask } from '../support/factory.ts';
import { listRoutes } from '../support/routes.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const METRICS_TOKEN = 'contract-test-metrics-token';

/** A route anybody may call: no sign-in is asked of it. */
const isPublicGet = (route: RouteSpec) => route.method === 'GET' && !route.errors?.[401];
const PUBLIC_GETS = ROUTES.filter(isPublicGet);

/** The queries the public routes need to answer with something. */
const SAMPLE_QUERY: Record<string, object> = {
  '/api/sessions/:id/similar': { text: 'đường phố' },
  '/api/search': { q: 'toa dam' },
  '/api/scoreboard': { unit: 1 },
  '/api/scoreboard.csv': { unit: 1 },
};

/** Answers other than 200 that a public route gives on a fresh server, and why. */
const NOT_OK: Record<string, number> = {
  // No written answer carries a file yet.
  '/api/questions/:code/attachment': 404,
  // The demo session has not been held: it has no results yet.
  '/api/sessions/:id/results': 409,
  // A made-up link is not one the server sent.
  '/api/notify/stop/:token': 404,
};

describe('the HTTP contract', () => {
  let server: TestServer;
  let caller: Participant;
  let code: string;

  beforeAll(async () => {
    server = await startTestServer({ env: { METRICS_TOKEN } });
    caller = await resident(server.url);
    const admin = await staffMember(server.url, 'admin', server.adminPassword);
    const question = await ask(caller, server.demoSessionId, 'Câu hỏi để thử hợp đồng HTTP của máy chủ.');
    await approve(admin, question.id);
    code = question.trackingCode;
    admin.close();
  });

  afterAll(async () => {
    caller?.close();
    await server?.close();
  });

  it('declares every route the server answers, and no route it does not answer', () => {
    // The client's pages are one catch-all route, a regular expression outside the API.
    const answered = listRoutes(server.platform.app.web).filter((route) => !route.startsWith('GET /^'));
    const declared = ROUTES.map((route) => `${route.method} ${route.path}`).sort();
    expect(answered.filter((route) => !declared.includes(route))).toEqual([]);
    expect(declared.filter((route) => !answered.includes(route))).toEqual([]);
    expect(new Set(declared).size).toBe(declared.length);
  });

  it('describes every route the server answers in the OpenAPI document', async () => {
    const response = await caller.http.request('GET', '/api/openapi.json');
    const doc = (await response.json()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));
    const answered = listRoutes(server.platform.app.web)
      .filter((route) => !route.startsWith('GET /^'))
      .map((route) => {
        const [method, path] = route.split(' ') as [string, string];
        return `${method} ${openApiPath(path)}`;
      });
    expect(answered.filter((route) => !documented.includes(route))).toEqual([]);
    expect(doc.paths['/api/questions/{code}']!.get).toMatchObject({ responses: { '404': { description: 'No question has this tracking code' } } });
  });

  it.each(PUBLIC_GETS.map((route) => [route.path, route] as const))('GET %s answers as its schema says', async (_path, route) => {
    const params = { id: route.path.startsWith('/api/units/') ? 1 : server.demoSessionId, code, year: 2027, token: 'x'.repeat(32) };
    const headers: Record<string, string> = route.path === '/metrics' ? { authorization: `Bearer ${METRICS_TOKEN}` } : {};
    // The agent checks every JSON answer against the route's schema; the text ones are checked for their type here.
    const response = await caller.http.request('GET', urlOf(route, { params, query: SAMPLE_QUERY[route.path] }), undefined, headers);
    expect(response.status).toBe(NOT_OK[route.path] ?? 200);
    if (response.status !== 200) return;
    const type = response.headers.get('content-type') ?? '';
    if (route.produces && route.produces !== 'application/octet-stream') expect(type.startsWith(route.produces)).toBe(true);
    else if (!route.produces) expect(route.response.safeParse(await response.json()).success).toBe(true);
  });
});
