/**
 * Whether a browser request's Origin may act on this server: its own host, or one the operator listed.
 * WebSocket upgrades are not covered by CORS, and cookie-carrying form posts are not either, so both check this.
 */
export function isAllowedOrigin(origin: string, host: string | undefined, allowed: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return parsed.host === host || allowed.includes(parsed.origin);
}
