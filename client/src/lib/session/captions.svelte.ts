import type { Caption } from '../../../../shared/schemas/transcript.ts';

/**
 * Adds a caption to the lines on screen: a caption with a key already shown replaces it (an interim line growing,
 * then its final text); otherwise it is appended. Keeps the last `keep` lines.
 */
export function mergeCaption(lines: readonly Caption[], caption: Caption, keep: number): Caption[] {
  const index = lines.findIndex((line) => line.key === caption.key);
  const next = index === -1 ? [...lines, caption] : lines.map((line, i) => (i === index ? caption : line));
  return next.slice(-keep);
}

/** The captions of one session as they arrive over the socket. */
export class CaptionLines {
  lines = $state.raw<Caption[]>([]);
  readonly sessionId: number;
  readonly #keep: number;

  constructor(sessionId: number, keep = 2) {
    this.sessionId = sessionId;
    this.#keep = keep;
  }

  receive(caption: Caption): void {
    if (caption.sessionId !== this.sessionId || !caption.text.trim()) return;
    this.lines = mergeCaption(this.lines, caption, this.#keep);
  }
}
