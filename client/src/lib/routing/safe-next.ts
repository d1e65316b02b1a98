/**
 * Where the sign-in page may send the browser afterwards: a path of this application, or `/`. Browsers drop tabs
 * and newlines from a URL and read `\` as `/`, so `/\evil.example` or `/<tab>/evil.example` leave the site although
 * the raw text starts with a single slash: the value is parsed as the browser would, against the page's origin, and
 * kept only when it stays there.
 */
export function safeNext(value: string | null, origin: string): string {
  if (!value || !value.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return '/';
  }
  if (url.origin !== new URL(origin).origin) return '/';
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') && !path.startsWith('/\\') ? path : '/';
}
