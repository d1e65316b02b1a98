/** What the layout needs of a participant, read from LiveKit's participant and publication objects. */
export interface ParticipantView {
  identity: string;
  name: string;
  /** From the participant's `role` attribute, set by the server in the token: official, moderator or resident. */
  role: string;
  isLocal: boolean;
  publications: PublicationView[];
}

export interface PublicationView {
  trackSid: string;
  source: string;
  kind: string;
  muted: boolean;
  /** The LiveKit track to `attach()`; absent until subscribed (or while the audio-only switch is on). */
  track?: unknown;
}

export interface Tile {
  key: string;
  identity: string;
  name: string;
  role: string;
  source: 'camera' | 'screen_share';
  muted: boolean;
  track: unknown;
}

export interface AudioSource {
  key: string;
  identity: string;
  track: unknown;
}

const RANK: Record<string, number> = { official: 0, resident: 1, moderator: 2 };

/**
 * The stage as residents should see it: a shared screen first, then the officials' cameras, then a resident
 * invited on stage; participants who publish nothing take no room.
 */
export function layoutTiles(participants: ParticipantView[]): { tiles: Tile[]; audio: AudioSource[] } {
  const tiles: Tile[] = [];
  const audio: AudioSource[] = [];
  for (const p of participants) {
    for (const pub of p.publications) {
      const key = `${p.identity}:${pub.trackSid}`;
      if (pub.kind === 'audio') {
        if (!p.isLocal && pub.track && !pub.muted) audio.push({ key, identity: p.identity, track: pub.track });
        continue;
      }
      if (pub.source !== 'camera' && pub.source !== 'screen_share') continue;
      if (!pub.track) continue;
      tiles.push({ key, identity: p.identity, name: p.name, role: p.role, source: pub.source, muted: pub.muted, track: pub.track });
    }
  }
  tiles.sort(
    (a, b) =>
      Number(b.source === 'screen_share') - Number(a.source === 'screen_share') ||
      (RANK[a.role] ?? 3) - (RANK[b.role] ?? 3) ||
      a.name.localeCompare(b.name, 'vi') ||
      a.key.localeCompare(b.key),
  );
  return { tiles, audio };
}
