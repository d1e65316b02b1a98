import type { Tx, Queryable } from '../core/db/database.ts';

export interface ChannelTokenRow {
  access_token: string;
  refresh_token: string;
  expires_at: string;
}

/** A channel's stored API tokens (Zalo's OA tokens), if it has been authorised. */
export async function findChannelToken(q: Queryable, channel: string): Promise<ChannelTokenRow | undefined> {
  return q.get<ChannelTokenRow>('SELECT * FROM channel_tokens WHERE channel = ?', [channel]);
}

export async function saveChannelToken(tx: Tx, channel: string, token: ChannelTokenRow): Promise<void> {
  await tx.run(
    `INSERT INTO channel_tokens (channel, access_token, refresh_token, expires_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (channel) DO UPDATE SET access_token = excluded.access_token, refresh_token = excluded.refresh_token, expires_at = excluded.expires_at`,
    [channel, token.access_token, token.refresh_token, token.expires_at],
  );
}
