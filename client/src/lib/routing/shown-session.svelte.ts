/**
 * The session the open page shows, told by the page once it has loaded it, so the tab's title carries its theme
 * without a request of its own.
 */
class ShownSession {
  current = $state.raw<{ id: number; theme: string } | null>(null);

  show(session: { id: number; theme: string }): void {
    if (this.current?.id !== session.id || this.current.theme !== session.theme) this.current = { id: session.id, theme: session.theme };
  }
}

export const shownSession = new ShownSession();
