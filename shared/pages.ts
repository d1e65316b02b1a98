/**
 * Every page of the client and its address, the one table of routes: the client's router matches addresses with
 * it and keys its page chunks and tab titles by these names; the server answers these paths with the client and
 * puts a session's theme into the first HTML of that session's pages.
 */
export const PAGE_PATHS = {
  programme: '/',
  login: '/login',
  admin: '/admin',
  search: '/search',
  scoreboard: '/scoreboard',
  staff_followups: '/staff/followups',
  privacy: '/privacy',
  my_data: '/me/data',
  staff_privacy: '/staff/privacy',
  track: '/q/:code',
  embed: '/embed/programme/:unitId',
  live: '/s/:sessionId',
  moderate: '/s/:sessionId/moderate',
  stage: '/s/:sessionId/stage',
  studio: '/s/:sessionId/studio',
  archive: '/s/:sessionId/archive',
  minutes: '/s/:sessionId/minutes',
  caption: '/s/:sessionId/caption',
  followups: '/s/:sessionId/followups',
  report: '/s/:sessionId/report',
} as const;

type Paths = typeof PAGE_PATHS;
type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}` ? Name | PathParams<Rest> : P extends `${string}:${infer Name}` ? Name : never;
/** Tracking codes are text; every other parameter is a numeric id. */
type ParamValue<Name extends string> = Name extends 'code' ? string : number;
/** Parameters a page reads from the query string rather than its path. */
type QueryParams = { login: { next: string }; search: { query: string } };
type PageRoute<N extends keyof Paths> = { name: N } & { [K in PathParams<Paths[N]>]: ParamValue<K> } & (N extends keyof QueryParams ? QueryParams[N] : unknown);

/** A page and the parameters read from its address, which are the page's props. */
export type Route = { [N in keyof Paths]: PageRoute<N> }[keyof Paths] | { name: 'not_found' };
export type PageName = Route['name'];

const PARAM_PATTERNS: Record<string, string> = { code: '([A-Za-z0-9-]{1,40})', sessionId: '(\\d{1,15})', unitId: '(\\d{1,15})' };

const MATCHERS = (Object.entries(PAGE_PATHS) as Array<[keyof Paths, string]>).map(([name, path]) => {
  const names = [...path.matchAll(/:(\w+)/g)].map((match) => match[1]!);
  const pattern = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_, param: string) => PARAM_PATTERNS[param]!);
  return { name, names, regex: new RegExp(`^${pattern}$`) };
});

/**
 * The page at an address. A trailing slash is ignored; tracking codes are read in capitals, as they are printed.
 * The query's values are returned as written: the client cleans them (a sign-in's `next` must stay on the site).
 */
export function matchPage(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  for (const { name, names, regex } of MATCHERS) {
    const match = regex.exec(path);
    if (!match) continue;
    const params: Record<string, string | number> = {};
    names.forEach((param, i) => {
      const value = match[i + 1]!;
      params[param] = param === 'code' ? value.toUpperCase() : Number(value);
    });
    const query = new URLSearchParams(search);
    if (name === 'login') params.next = query.get('next') ?? '';
    if (name === 'search') params.query = query.get('q') ?? '';
    return { name, ...params } as Route;
  }
  return { name: 'not_found' };
}
