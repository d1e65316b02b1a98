import type { Database } from '../core/db/database.ts';
import type { Clock } from '../core/clock.ts';
import { findChannelToken, saveChannelToken } from './channel-tokens.repository.ts';
import { DeliveryError, type Channel } from './channels.ts';
import { fitTo } from './messages.ts';
import type { NotificationKind } from '../core/outbox.repository.ts';

export interface ZnsConfig {
  /** https://business.openapi.zalo.me unless a test points elsewhere. */
  apiUrl: string;
  /** https://oauth.zaloapp.com unless a test points elsewhere. */
  oauthUrl: string;
  appId: string;
  secretKey: string;
  /** The first refresh token, from the OA's authorisation; later ones are kept in the database. */
  refreshToken: string;
  /** The approved template for each kind of news; a kind without one is not sent through Zalo. */
  templates: Partial<Record<NotificationKind, string>>;
}

/** ZNS template parameters are limited in length by type; a "custom label" or "code" takes 30, a text block 200. */
export const ZNS_PARAM_MAX = { ma_cau_hoi: 30, noi_dung: 200 } as const;

/** Zalo's codes that no retry will change: an invalid phone number, a number with no Zalo account. */
const PERMANENT = new Set([-108, -118]);
const INVALID_TOKEN = -124;

/**
 * Zalo Notification Service: an approved template and its parameters, sent to a phone number. The OA access
 * token lasts about 25 hours and its refresh token works once, so each refresh stores the new pair before use.
 */
export function createZnsChannel(config: ZnsConfig, deps: { db: Database; clock: Clock }): Channel {
  const { db, clock } = deps;

  async function refresh(): Promise<string> {
    const stored = await findChannelToken(db, 'zalo');
    const response = await fetch(`${config.oauthUrl}/v4/oa/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', secret_key: config.secretKey },
      body: new URLSearchParams({ refresh_token: stored?.refresh_token ?? config.refreshToken, app_id: config.appId, grant_type: 'refresh_token' }),
    }).catch((error: Error) => {
      throw new DeliveryError(`ZNS token: ${error.message}`);
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; refresh_token?: string; expires_in?: string | number; error?: number; error_name?: string };
    const { access_token: access, refresh_token: next } = body;
    if (!response.ok || !access || !next) throw new DeliveryError(`ZNS token refused: ${body.error ?? response.status} ${body.error_name ?? ''}`.trim());
    const expiresAt = new Date(clock().getTime() + Number(body.expires_in ?? 3600) * 1000).toISOString();
    await db.write((tx) => saveChannelToken(tx, 'zalo', { access_token: access, refresh_token: next, expires_at: expiresAt }));
    return access;
  }

  async function accessToken(): Promise<string> {
    const stored = await findChannelToken(db, 'zalo');
    // A minute's margin: a token that expires in flight is refused.
    if (stored && new Date(stored.expires_at).getTime() - 60_000 > clock().getTime()) return stored.access_token;
    return refresh();
  }

  async function post(token: string, body: unknown): Promise<{ error: number; message?: string }> {
    const response = await fetch(`${config.apiUrl}/message/template`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', access_token: token },
      body: JSON.stringify(body),
    }).catch((error: Error) => {
      throw new DeliveryError(`ZNS: ${error.message}`);
    });
    if (!response.ok) throw new DeliveryError(`ZNS: HTTP ${response.status}`);
    return (await response.json()) as { error: number; message?: string };
  }

  return {
    name: 'zalo',
    async send(message) {
      const templateId = config.templates[message.template.name as NotificationKind];
      if (!templateId) throw new DeliveryError(`ZNS: no approved template for ${message.template.name}`, true);
      const body = {
        phone: message.to,
        template_id: templateId,
        template_data: {
          ma_cau_hoi: fitTo(message.template.params.code ?? '', ZNS_PARAM_MAX.ma_cau_hoi),
          noi_dung: fitTo(message.template.params.line ?? '', ZNS_PARAM_MAX.noi_dung),
        },
        // Zalo echoes it back and lets the two sides reconcile a send retried after a crash.
        tracking_id: message.key,
      };
      let result = await post(await accessToken(), body);
      if (result.error === INVALID_TOKEN) result = await post(await refresh(), body);
      if (result.error !== 0) throw new DeliveryError(`ZNS ${result.error}: ${result.message ?? ''}`.trim(), PERMANENT.has(result.error));
    },
  };
}
