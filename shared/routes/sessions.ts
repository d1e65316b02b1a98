import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { NoticeResult, Session, SessionCreateInput, SessionList, SessionTransitionBody, SessionUpdateInput } from '../schemas/session.ts';
import { PATHS } from './paths.ts';

const NO_SESSION = { 404: 'No such session' } as const;

export const SESSIONS = {
  list: route({ ...PATHS.sessions.list, summary: 'Upcoming and past sessions', response: SessionList }),
  get: route({ ...PATHS.sessions.get, summary: 'One session', params: IdPath, response: Session, errors: NO_SESSION }),
  create: route({
    ...PATHS.sessions.create,
    summary: 'Plans a session (a draft until its notice is published)',
    body: SessionCreateInput,
    response: Session,
    status: 201,
    errors: { ...STAFF_ONLY, 409: 'It overlaps another session of the unit' },
  }),
  update: route({
    ...PATHS.sessions.update,
    summary: 'Changes a session',
    params: IdPath,
    body: SessionUpdateInput,
    response: Session,
    errors: { ...STAFF_ONLY, ...NO_SESSION },
  }),
  notice: route({
    ...PATHS.sessions.notice,
    summary: "Publishes a draft session's notice",
    params: IdPath,
    response: NoticeResult,
    errors: { ...STAFF_ONLY, ...NO_SESSION },
  }),
  transition: route({
    ...PATHS.sessions.transition,
    summary: 'Moves a session to another state (scheduled, open, live, ended)',
    params: IdPath,
    body: SessionTransitionBody,
    response: Session,
    errors: { ...STAFF_ONLY, ...NO_SESSION, 409: 'The move is not allowed from the current state' },
  }),
};
