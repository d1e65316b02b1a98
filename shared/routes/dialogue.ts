import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { DialogueRequest, DialogueRequestDecision, DialogueRequestInput, DialogueRequestList, VoterCount, VoterCountInput } from '../schemas/dialogue.ts';
import { PATHS } from './paths.ts';

/** Residents' requests for a dialogue, backed by a tenth of the voters. */
export const DIALOGUE = {
  list: route({
    ...PATHS.dialogue.list,
    summary: "A unit's dialogue requests and the backers each needs",
    params: IdPath,
    response: DialogueRequestList,
    errors: { 404: 'No such unit' },
  }),
  create: route({
    ...PATHS.dialogue.create,
    summary: 'Asks for a dialogue on a theme',
    params: IdPath,
    body: DialogueRequestInput,
    response: DialogueRequest,
    status: 201,
    errors: { 404: 'No such unit', 429: 'Too many requests' },
  }),
  back: route({
    ...PATHS.dialogue.back,
    summary: 'Backs a dialogue request (once per resident)',
    params: IdPath,
    response: DialogueRequest,
    errors: { 404: 'No such request', 409: 'The request is decided' },
  }),
  decide: route({
    ...PATHS.dialogue.decide,
    summary: 'Accepts or declines a dialogue request, with the outcome',
    params: IdPath,
    body: DialogueRequestDecision,
    response: DialogueRequest,
    errors: { ...STAFF_ONLY, 404: 'No such request', 409: 'The request is decided' },
  }),
  voterCount: route({
    ...PATHS.dialogue.voterCount,
    summary: "Sets the staff member's unit's number of voters, from which the backers needed follow",
    body: VoterCountInput,
    response: VoterCount,
    errors: STAFF_ONLY,
  }),
};
