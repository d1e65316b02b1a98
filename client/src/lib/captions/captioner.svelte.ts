import type { Official } from '../../../../shared/schemas/session.ts';
import type { Segment } from '../../../../shared/schemas/transcript.ts';
import { Action } from '../core/action.svelte.ts';
import type { LiveSession } from '../session/live-session.ts';

/** Who is speaking: nobody named, one of the session's officials (by index), or a name typed in. */
export type SpeakerChoice = { kind: 'none' } | { kind: 'official'; index: number } | { kind: 'other'; name: string };

export function speakerFields(choice: SpeakerChoice, officials: readonly Official[]): { speakerName?: string; speakerRole?: string } {
  if (choice.kind === 'official') {
    const official = officials[choice.index];
    if (!official) return {};
    return { speakerName: official.name, ...(official.title ? { speakerRole: official.title } : {}) };
  }
  if (choice.kind === 'other' && choice.name.trim()) return { speakerName: choice.name.trim() };
  return {};
}

/** The captioner's desk: sends each typed line, keeps the recent ones, and never loses a line that failed. */
export class Captioner extends Action {
  recent = $state.raw<Segment[]>([]);
  readonly #live: LiveSession;

  constructor(live: LiveSession) {
    super();
    this.#live = live;
  }

  /** Sends a line; returns whether it went out, so the page clears the input only then. */
  async post(text: string, choice: SpeakerChoice, officials: readonly Official[]): Promise<boolean> {
    const line = text.trim();
    if (!line || this.busy) return false;
    return this.run(
      () => this.#live.postCaption({ text: line, ...speakerFields(choice, officials) }),
      (segment) => (this.recent = [segment, ...this.recent.filter((s) => s.id !== segment.id)].slice(0, 30)),
    );
  }
}
