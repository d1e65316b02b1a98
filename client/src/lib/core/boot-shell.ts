/**
 * The server puts a first paint into the page before any script runs (server/http/page-meta.ts: the unit, the
 * session's theme and time, a loading line), so a phone on a slow link shows what it opened at once. The app
 * removes it once it has something of its own to show.
 */
export function dismissBootShell(): void {
  document.getElementById('boot')?.remove();
}
