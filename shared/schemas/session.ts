import { z } from 'zod';
import { Id, IsoDateTime, humanText, lineText } from './common.ts';
import { ExternalStreamUrl } from './media.ts';
import { OFFICIAL_ROLES } from './values.ts';

export { OFFICIAL_ROLES };

export const SESSION_STATES = ['scheduled', 'open', 'live', 'ended'] as const;
export const SessionState = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionState>;

/**
 * Who sits at a dialogue with residents (Law on Organisation of Local Government 2025, Art. 43): the People's
 * Committee chairs, a representative of the People's Council's standing body co-chairs, the Fatherland Front's
 * committee organises it with them, a secretary keeps the record, and officials are invited to answer.
 */
export const OfficialRole = z.enum(OFFICIAL_ROLES);
export type OfficialRole = z.infer<typeof OfficialRole>;

export const Official = z.object({
  name: lineText({ min: 1, max: 120 }),
  title: lineText({ max: 160 }).default(''),
  role: OfficialRole.default('invited'),
});
export type Official = z.infer<typeof Official>;

export const Session = z.object({
  id: Id,
  unitId: Id,
  unitName: z.string(),
  title: z.string(),
  theme: z.string(),
  description: z.string(),
  officials: z.array(Official),
  opensAt: IsoDateTime,
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  state: SessionState,
  /** When it really went live and really ended (null until then): the record counts from the first. */
  liveAt: IsoDateTime.nullable(),
  endedAt: IsoDateTime.nullable(),
  premoderated: z.boolean(),
  /** `YYYY-MM` when the session was generated from the unit's monthly rule. */
  occurrenceKey: z.string().nullable(),
  archiveVideoUrl: z.string().nullable(),
  /** A YouTube or Facebook live link residents watch when the platform has no live video of its own. */
  externalStreamUrl: z.string().nullable(),
  /** When the public notice went out; null while the session is a draft only its unit's staff can see. */
  noticeAt: IsoDateTime.nullable(),
});
export type Session = z.infer<typeof Session>;

const sessionFields = {
  title: lineText({ min: 3, max: 200 }),
  theme: lineText({ min: 3, max: 200 }),
  description: humanText({ max: 4000 }).default(''),
  officials: z.array(Official).max(20).default([]),
  opensAt: IsoDateTime.optional(),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  premoderated: z.boolean().default(true),
  /** The recording for the archive: an https link, or a file in the server's recordings folder. */
  archiveVideoUrl: z
    .union([z.url({ protocol: /^https$/ }), z.string().regex(/^\/recordings\/[A-Za-z0-9._-]+$/, 'must be an https URL or /recordings/<file>')])
    .nullable()
    .optional(),
  externalStreamUrl: ExternalStreamUrl.nullable().optional(),
};

function endsAfterStart(value: { startsAt?: string; endsAt?: string }) {
  return !value.startsAt || !value.endsAt || Date.parse(value.endsAt) > Date.parse(value.startsAt);
}
const END_AFTER_START = { message: 'endsAt must be after startsAt', path: ['endsAt'] };

function opensBeforeStart(value: { opensAt?: string; startsAt?: string }) {
  return !value.opensAt || !value.startsAt || Date.parse(value.opensAt) <= Date.parse(value.startsAt);
}
const OPEN_BEFORE_START = { message: 'opensAt must not be after startsAt', path: ['opensAt'] };

export const SessionCreateInput = z
  .strictObject({
    ...sessionFields,
    /** Publish the notice at once (the default); false keeps the session a draft until its notice is published. */
    publishNotice: z.boolean().optional(),
  })
  .refine(endsAfterStart, END_AFTER_START)
  .refine(opensBeforeStart, OPEN_BEFORE_START);
export type SessionCreateInput = z.infer<typeof SessionCreateInput>;

export const SessionUpdateInput = z
  .strictObject({
    title: sessionFields.title,
    theme: sessionFields.theme,
    description: humanText({ max: 4000 }),
    officials: z.array(Official).max(20),
    opensAt: IsoDateTime,
    startsAt: IsoDateTime,
    endsAt: IsoDateTime,
    premoderated: z.boolean(),
    archiveVideoUrl: sessionFields.archiveVideoUrl,
    externalStreamUrl: ExternalStreamUrl.nullable(),
  })
  .partial()
  .refine(endsAfterStart, END_AFTER_START)
  .refine(opensBeforeStart, OPEN_BEFORE_START);
export type SessionUpdateInput = z.infer<typeof SessionUpdateInput>;

export const SessionRef = z.strictObject({ sessionId: Id });
export type SessionRef = z.infer<typeof SessionRef>;

export const SessionTransitionInput = z.strictObject({ sessionId: Id, to: SessionState });
export type SessionTransitionInput = z.infer<typeof SessionTransitionInput>;
/** The same move over HTTP, where the path names the session. */
export const SessionTransitionBody = SessionTransitionInput.omit({ sessionId: true });

/** A notice published: the session, and whether it went out later than the law's lead time. */
export const NoticeResult = z.object({ session: Session, shortNotice: z.boolean() });

export const SessionList = z.object({ upcoming: z.array(Session), past: z.array(Session) });
export type SessionList = z.infer<typeof SessionList>;
