import type { Translate } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/index.svelte.ts';
import type { Route } from '../../../../shared/pages.ts';

const PAGES: Record<Route['name'], MessageKey | null> = {
  programme: 'programme.title',
  embed: 'programme.title',
  // The resident page is the session itself: its theme is the whole title.
  live: null,
  moderate: 'mod.title',
  stage: 'stage.title',
  studio: 'studio.title',
  archive: 'archive.title',
  minutes: 'minutes.title',
  caption: 'caption.title',
  followups: 'followup.pageTitle',
  report: 'followup.reportTitle',
  search: 'search.title',
  login: 'login.title',
  admin: 'admin.title',
  track: 'track.title',
  scoreboard: 'score.title',
  staff_followups: 'followup.dashboardTitle',
  privacy: 'privacy.title',
  my_data: 'mydata.title',
  staff_privacy: 'preq.title',
  not_found: 'notFound.title',
};

/**
 * The browser tab's title for a route: the page, the session's theme on a session's pages, then the product, so
 * tabs, history and bookmarks tell pages apart. Null while a session's theme is still loading, so the title the
 * server put in the page stays until then.
 */
export function pageTitle(route: Route, t: Translate, theme: string | null): string | null {
  const page = PAGES[route.name];
  const parts = [page ? t(page) : null];
  if (route.name === 'track') parts.push(route.code);
  if (route.name === 'search' && route.query) parts.push(route.query);
  if ('sessionId' in route) {
    if (theme === null) return null;
    parts.push(theme);
  }
  return [...parts.filter((part): part is string => !!part), t('app.name')].join(' · ');
}
