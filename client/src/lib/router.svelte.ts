import { safeNext } from './safe-next.ts';
import { queryOf } from './search.ts';

export type Route =
  | { name: 'programme' }
  | { name: 'live'; sessionId: number }
  | { name: 'moderate'; sessionId: number }
  | { name: 'stage'; sessionId: number }
  | { name: 'studio'; sessionId: number }
  | { name: 'archive'; sessionId: number }
  | { name: 'minutes'; sessionId: number }
  | { name: 'caption'; sessionId: number }
  | { name: 'search'; query: string }
  | { name: 'embed'; unitId: number }
  | { name: 'login'; next: string }
  | { name: 'admin' }
  | { name: 'track'; code: string }
  | { name: 'scoreboard' }
  | { name: 'staff_followups' }
  | { name: 'privacy' }
  | { name: 'my_data' }
  | { name: 'staff_privacy' }
  | { name: 'followups'; sessionId: number }
  | { name: 'report'; sessionId: number }
  | { name: 'not_found' };

export function matchRoute(pathname: string, search: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/') return { name: 'programme' };
  if (path === '/login') return { name: 'login', next: safeNext(new URLSearchParams(search).get('next'), location.origin) };
  if (path === '/admin') return { name: 'admin' };
  if (path === '/search') return { name: 'search', query: queryOf(search) };
  if (path === '/scoreboard') return { name: 'scoreboard' };
  if (path === '/staff/followups') return { name: 'staff_followups' };
  if (path === '/privacy') return { name: 'privacy' };
  if (path === '/me/data') return { name: 'my_data' };
  if (path === '/staff/privacy') return { name: 'staff_privacy' };
  const track = /^\/q\/([A-Za-z0-9-]{1,40})$/.exec(path);
  if (track) return { name: 'track', code: track[1]!.toUpperCase() };
  const followup = /^\/s\/(\d{1,15})\/(followups|report)$/.exec(path);
  if (followup) return { name: followup[2] as 'followups' | 'report', sessionId: Number(followup[1]) };
  const embed = /^\/embed\/programme\/(\d{1,15})$/.exec(path);
  if (embed) return { name: 'embed', unitId: Number(embed[1]) };
  const match = /^\/s\/(\d{1,15})(?:\/(moderate|stage|studio|archive|minutes|caption))?$/.exec(path);
  if (!match) return { name: 'not_found' };
  const sessionId = Number(match[1]);
  const page = match[2];
  if (page === 'moderate' || page === 'stage' || page === 'studio' || page === 'archive' || page === 'minutes' || page === 'caption') return { name: page, sessionId };
  return { name: 'live', sessionId };
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
