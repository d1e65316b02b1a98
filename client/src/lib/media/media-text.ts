import { t } from '../i18n/index.svelte.ts';
import type { LiveRoomState, MediaDeviceError } from './index.ts';

/** What a camera, microphone or screen problem means to the person in front of it. */
export function deviceErrorText(error: MediaDeviceError): string {
  return t('media.deviceError', { device: t(`media.device.${error.device}`), reason: t(`media.reason.${error.kind}`) });
}

/** The room's connection, as one short label for the status line. */
export function connectionText(state: Pick<LiveRoomState, 'connection' | 'ended'>): string {
  if (state.connection === 'disconnected') return t(state.ended === 'failed' || state.ended === null ? 'media.conn.failed' : `media.ended.${state.ended}`);
  return t(`media.conn.${state.connection}`);
}

/**
 * Who a video tile shows: their name, else what they are. Residents join without a name, so one invited on stage
 * is shown by the tag staff already see (their identity is `resident-<tag>`), never as an official.
 */
export function participantLabel(p: { name: string; role: string; identity: string }): string {
  if (p.name) return p.name;
  return p.role === 'resident' ? t('media.residentOnStage', { tag: p.identity.replace(/^resident-/, '') }) : t('media.official');
}

const SOURCES = ['camera', 'microphone', 'screen_share', 'screen_share_audio'] as const;

/** A LiveKit track source (camera, microphone, screen share) in words. */
export function sourceText(source: string): string {
  return (SOURCES as readonly string[]).includes(source) ? t(`media.source.${source as (typeof SOURCES)[number]}`) : source;
}
