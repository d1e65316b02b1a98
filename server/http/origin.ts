import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

/**
 * The origin a browser sees for this server on this request: the scheme it was reached by (https when the
 * connection is TLS, or when a trusted proxy says it terminated HTTPS) and the Host it named.
 */
export function ownOrigin(req: IncomingMessage, trustProxy: boolean): string | null {
  const host = req.headers.host;
  if (!host) return null;
  const forwarded = req.headers['x-forwarded-proto'];
  const proxied = trustProxy && typeof forwarded === 'string' ? forwarded.split(',')[0]!.trim().toLowerCase() : '';
  const scheme = proxied === 'https' || proxied === 'http' ? proxied : (req.socket as TLSSocket).encrypted ? 'https' : 'http';
  try {
    return new URL(`${scheme}://${host}`).origin;
  } catch {
    return null;
  }
}

/**
 * Whether a browser request's Origin may act on this server: its own origin (scheme, host and port, so an https
 * page on the same host is a different site from this http server), or one the operator listed. WebSocket
 * upgrades are not covered by CORS, and cookie-carrying form posts are not either, so both check this.
 */
export function isAllowedOrigin(origin: string, own: string | null, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.origin === own || allowed.includes(parsed.origin);
}
