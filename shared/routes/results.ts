import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { ResultsDraftInput, ResultsDue, ResultsSignInput, SessionResults } from '../schemas/dialogue.ts';
import { PATHS } from './paths.ts';

const NO_SESSION = { 404: 'No such session' } as const;

/** A dialogue's results, drafted, signed and published within 10 days after it ends. */
export const RESULTS = {
  get: route({
    ...PATHS.results.get,
    summary: "A session's results: published ones for anybody, the draft for its unit's staff",
    params: IdPath,
    response: SessionResults,
    errors: { ...NO_SESSION, 409: 'The session has not ended' },
  }),
  saveDraft: route({
    ...PATHS.results.saveDraft,
    summary: 'Saves the draft of the results',
    params: IdPath,
    body: ResultsDraftInput,
    response: SessionResults,
    errors: { ...STAFF_ONLY, ...NO_SESSION, 409: 'The results are published' },
  }),
  sign: route({
    ...PATHS.results.sign,
    summary: 'The secretary or the chair signs the results',
    params: IdPath,
    body: ResultsSignInput,
    response: SessionResults,
    errors: { ...STAFF_ONLY, ...NO_SESSION, 409: 'The results cannot be signed now' },
  }),
  publish: route({
    ...PATHS.results.publish,
    summary: 'Publishes the signed results',
    params: IdPath,
    response: SessionResults,
    errors: { ...STAFF_ONLY, ...NO_SESSION, 409: 'The results are not signed by both' },
  }),
  due: route({ ...PATHS.results.due, summary: 'Results still to publish, by due day', response: z.array(ResultsDue), errors: STAFF_ONLY }),
};
