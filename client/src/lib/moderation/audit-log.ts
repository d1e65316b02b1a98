import { QUESTION_CHANNELS, REJECT_REASONS, type AuditEntry } from '../../../../shared/schemas/question.ts';
import { SESSION_STATES } from '../../../../shared/schemas/session.ts';
import type { Translate } from '../i18n/format.ts';
import type { MessageKey } from '../i18n/index.svelte.ts';

// Every action the server writes with a session id, each told as a sentence. An action added to the server
// later and missing here is still shown, as its code, rather than dropped.
const SENTENCES: Record<string, MessageKey> = {
  'question.approve': 'audit.question.approve',
  'question.reject': 'audit.question.reject',
  'question.edit': 'audit.question.edit',
  'question.stage': 'audit.question.stage',
  'question.unstage': 'audit.question.unstage',
  'question.answer': 'audit.question.answer',
  'question.reopen': 'audit.question.reopen',
  'question.requeue': 'audit.question.requeue',
  'question.merge': 'audit.question.merge',
  'question.enter': 'audit.question.enter',
  'session.transition': 'audit.session.transition',
  'session.create': 'audit.session.create',
  'session.update': 'audit.session.update',
  'session.notice': 'audit.session.notice',
  'results.change': 'audit.results.change',
  'dialogue_request.decide': 'audit.dialogueRequest.decide',
  'question.asker_name_read': 'audit.question.askerNameRead',
  'poll.create': 'audit.poll.create',
  'poll.open': 'audit.poll.open',
  'poll.closed': 'audit.poll.closed',
  'commitment.create': 'audit.commitment.create',
  'commitment.kept': 'audit.commitment.kept',
  'followup.assign': 'audit.followup.assign',
  'followup.reassign': 'audit.followup.reassign',
  'followup.close': 'audit.followup.close',
  'followup.answer': 'audit.followup.answer',
  'transcript.import': 'audit.transcript.import',
  'transcript.correct': 'audit.transcript.correct',
  'media.invite': 'audit.media.invite',
  'media.dismiss': 'audit.media.dismiss',
  'media.revoke': 'audit.media.revoke',
  'media.mute': 'audit.media.mute',
  'media.remove': 'audit.media.remove',
  'media.stream_targets': 'audit.media.streamTargets',
  'media.ingress_create': 'audit.media.ingress',
};

const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Who did it: a staff member's username, the clock that moves sessions on time, or a resident by their tag. */
function actorName(actor: string, t: Translate): string {
  if (actor.startsWith('system:')) return t('audit.actor.schedule');
  if (actor.startsWith('resident:')) return t('audit.actor.resident', { tag: actor.slice('resident:'.length) });
  return actor;
}

/** One audit entry as a sentence in the reader's language: "lan đã duyệt câu #4." rather than `question.approve #4`. */
export function auditSentence(entry: AuditEntry, t: Translate): string {
  const { detail } = entry;
  const actor = actorName(entry.actor, t);
  const key = SENTENCES[entry.action];
  if (!key) return t('audit.other', { actor, action: entry.action, id: entry.questionId ?? '' }).trim();
  // A code the catalogue knows is named in words; anything else is shown as stored.
  const named = (prefix: string, value: unknown, codes: readonly string[]) =>
    codes.includes(text(value)) ? t(`${prefix}.${text(value)}` as MessageKey) : text(value);
  return t(key, {
    actor,
    id: entry.questionId ?? '',
    state: named('state', detail.to, SESSION_STATES),
    reason: named('reason', detail.reason, REJECT_REASONS),
    channel: named('track.channel', detail.channel, QUESTION_CHANNELS),
    into: text(detail.into),
    department: text(detail.department),
    owner: text(detail.owner),
    due: text(detail.dueDay),
    question: text(detail.question),
    count: text(detail.written ?? detail.cues),
    resident: text(detail.residentTag),
    type: text(detail.type).toUpperCase(),
  });
}
