import { safeNext } from './safe-next.ts';
import { queryOf } from '../records/search.ts';
import { matchPage, type Route } from '../../../../shared/pages.ts';

export type { Route };

/** The route at an address, its query cleaned: a sign-in's `next` stays on this site, a search is trimmed. */
export function matchRoute(pathname: string, search: string): Route {
  const route = matchPage(pathname, search);
  if (route.name === 'login') return { ...route, next: safeNext(route.next || null, location.origin) };
  if (route.name === 'search') return { ...route, query: queryOf(search) };
  return route;
}

class Router {
  location = $state.raw({ pathname: window.location.pathname, search: window.location.search });
  route = $derived(matchRoute(this.location.pathname, this.location.search));

  navigate(href: string): void {
    history.pushState(null, '', href);
    this.#sync();
    window.scrollTo(0, 0);
  }

  /** Changes the address without a new history entry (a search typed, a replay's moment). */
  replace(href: string): void {
    history.replaceState(null, '', href);
    this.#sync();
  }

  #sync(): void {
    this.location = { pathname: window.location.pathname, search: window.location.search };
  }

  /** Follows same-origin link clicks without a page load, and the back and forward buttons. */
  start(): void {
    window.addEventListener('popstate', () => this.#sync());
    document.addEventListener('click', (event) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest('a');
      if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin || url.pathname.startsWith('/api/')) return;
      // A link within the page (the skip link) is the browser's to follow: it moves focus and scrolling there.
      if (url.hash && url.pathname === window.location.pathname && url.search === window.location.search) return;
      event.preventDefault();
      this.navigate(url.pathname + url.search + url.hash);
    });
  }
}

export const router = new Router();
