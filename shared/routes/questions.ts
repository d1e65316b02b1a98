import { z } from 'zod';
import { STAFF_ONLY, route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { PublicQuestion, SimilarQuery, StaffQuestion, StaffQuestionInput } from '../schemas/question.ts';
import { PATHS } from './paths.ts';

export const QUESTIONS = {
  public: route({
    ...PATHS.questions.public,
    summary: 'Approved questions of a session, ranked as on the live page',
    description: 'Never includes pending or rejected questions, nor a name its asker did not choose to publish (Law 91/2025/QH15 Art. 16).',
    params: IdPath,
    response: z.array(PublicQuestion),
    errors: { 404: 'No such session' },
  }),
  enter: route({
    ...PATHS.questions.enter,
    summary: 'Enters a question received by another channel (hotline, letter, office, messaging)',
    params: IdPath,
    body: StaffQuestionInput,
    response: StaffQuestion,
    status: 201,
    errors: { ...STAFF_ONLY, 404: 'No such session' },
  }),
  similar: route({
    ...PATHS.questions.similar,
    summary: 'Approved questions of a session that look like a draft',
    params: IdPath,
    query: SimilarQuery,
    response: z.array(PublicQuestion),
    errors: { 404: 'No such session' },
  }),
};
