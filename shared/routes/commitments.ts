import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { Commitment, CommitmentInput, KeptInput } from '../schemas/commitment.ts';
import { PATHS } from './paths.ts';

/** Promises made on air, and whether they were kept. */
export const COMMITMENTS = {
  ofSession: route({
    ...PATHS.commitments.ofSession,
    summary: 'The promises made during a session',
    params: IdPath,
    response: z.array(Commitment),
    errors: { 404: 'No such session' },
  }),
  ofUnit: route({ ...PATHS.commitments.ofUnit, summary: "Every promise of a unit's sessions", params: IdPath, response: z.array(Commitment) }),
  create: route({
    ...PATHS.commitments.create,
    summary: 'Records a promise made at a moment of the session',
    params: IdPath,
    body: CommitmentInput,
    response: Commitment,
    status: 201,
    errors: { ...STAFF_ONLY, 404: 'No such session' },
  }),
  kept: route({
    ...PATHS.commitments.kept,
    summary: 'Marks a promise kept, with a note of what was done',
    params: IdPath,
    body: KeptInput,
    response: Commitment,
    errors: { ...STAFF_ONLY, 404: 'No such commitment' },
  }),
};
