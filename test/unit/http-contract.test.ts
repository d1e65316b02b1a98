import { describe, expect, expectTypeOf, it } from 'vitest';
import { matchesPath, paramNames, urlOf, type CallInput, type ResponseOf } from '../../shared/http.ts';
import { ROUTES, type RouteAt } from '../../shared/routes/index.ts';
import { PATHS } from '../../shared/routes/paths.ts';
import { PROGRAMME } from '../../shared/routes/programme.ts';
import { SEARCH } from '../../shared/routes/search.ts';
import { SESSIONS } from '../../shared/routes/sessions.ts';
import type { ProgrammePage } from '../../shared/schemas/programme.ts';

describe('the HTTP contract', () => {
  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s has a schema for each of its path parameters and no other', (_name, route) => {
    expect(Object.keys(route.params?.shape ?? {}).sort()).toEqual(paramNames(route.path).sort());
  });

  it('names each method and path once', () => {
    const names = ROUTES.map((route) => `${route.method} ${route.path}`);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('urlOf', () => {
  it('fills in the path parameters, encoded', () => {
    expect(urlOf(SESSIONS.get, { params: { id: 12 } })).toBe('/api/sessions/12');
    expect(urlOf({ ...SESSIONS.get, path: '/api/questions/:code' }, { params: { code: 'TD 1/2' } })).toBe('/api/questions/TD%201%2F2');
  });

  it('appends the query fields that are set, and nothing when none is', () => {
    expect(urlOf(SEARCH.search, { query: { q: 'tọa đàm', limit: 5, skipped: undefined } })).toBe('/api/search?q=t%E1%BB%8Da+%C4%91%C3%A0m&limit=5');
    expect(urlOf(SESSIONS.list)).toBe('/api/sessions');
  });

  it('refuses a path parameter left out', () => {
    expect(() => urlOf(SESSIONS.get, {})).toThrow(/:id/);
  });
});

describe('matchesPath', () => {
  it.each([
    ['/api/sessions/:id', '/api/sessions/12', true],
    ['/api/sessions/:id', '/api/sessions/12/questions', false],
    ['/api/scoreboard.csv', '/api/scoreboardxcsv', false],
    ['/api/units/:id/calendar.ics', '/api/units/3/calendar.ics', true],
  ])('%s matches %s: %s', (path, concrete, expected) => {
    expect(matchesPath({ ...SESSIONS.get, path }, concrete)).toBe(expected);
  });
});

describe('the types a call derives from its route', () => {
  it('asks for the path parameters and gives the response type', () => {
    expectTypeOf<CallInput<typeof SESSIONS.get>['params']>().toEqualTypeOf<Record<'id', string | number>>();
    expectTypeOf<ResponseOf<typeof PROGRAMME.page>>().toEqualTypeOf<ProgrammePage>();
  });

  it('finds the route of an endpoint the pages hold, so their calls get its types', () => {
    expectTypeOf<RouteAt<typeof PATHS.sessions.get>>().toEqualTypeOf<typeof SESSIONS.get>();
    expectTypeOf<RouteAt<typeof PATHS.programme.page>>().toEqualTypeOf<typeof PROGRAMME.page>();
  });
});
