import type { Component } from 'svelte';
import type { Route } from '../../../../shared/pages.ts';

/** Pages take their route's parameters as props of the same names (sessionId, code, query, next, unitId). */
export type PageComponent = Component<any>;

/**
 * One chunk per page, loaded when the page is opened: a resident on the live page never downloads the consoles,
 * the admin pages or the studio (and its LiveKit client), which together were most of the client's bytes.
 */
const PAGES: Record<Route['name'], () => Promise<{ default: PageComponent }>> = {
  programme: () => import('../../pages/Programme.svelte'),
  live: () => import('../../pages/Live.svelte'),
  moderate: () => import('../../pages/Moderate.svelte'),
  stage: () => import('../../pages/Stage.svelte'),
  studio: () => import('../../pages/Studio.svelte'),
  archive: () => import('../../pages/Archive.svelte'),
  minutes: () => import('../../pages/Minutes.svelte'),
  caption: () => import('../../pages/Caption.svelte'),
  search: () => import('../../pages/Search.svelte'),
  embed: () => import('../../pages/EmbedProgramme.svelte'),
  login: () => import('../../pages/Login.svelte'),
  admin: () => import('../../pages/Admin.svelte'),
  track: () => import('../../pages/Track.svelte'),
  scoreboard: () => import('../../pages/Scoreboard.svelte'),
  staff_followups: () => import('../../pages/FollowupDashboard.svelte'),
  followups: () => import('../../pages/Followups.svelte'),
  report: () => import('../../pages/Report.svelte'),
  privacy: () => import('../../pages/Privacy.svelte'),
  my_data: () => import('../../pages/MyData.svelte'),
  staff_privacy: () => import('../../pages/PrivacyRequests.svelte'),
  not_found: () => import('../../pages/NotFound.svelte'),
};

const loaded = new Map<Route['name'], PageComponent>();

/** The page's component, fetched once; a failed fetch (a dropped connection) is tried again next time. */
export async function loadPage(name: Route['name']): Promise<PageComponent> {
  const known = loaded.get(name);
  if (known) return known;
  const component = (await PAGES[name]()).default;
  loaded.set(name, component);
  return component;
}

/** The route's parameters, which are the page's props. */
export function pageProps(route: Route): Record<string, unknown> {
  const { name: _name, ...props } = route;
  return props;
}
