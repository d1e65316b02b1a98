import { z } from 'zod';
import { route } from '../http.ts';
import { IdPath } from '../schemas/common.ts';
import { Poll } from '../schemas/poll.ts';
import { PATHS } from './paths.ts';

export const POLLS = {
  themeSuggestions: route({
    ...PATHS.polls.themeSuggestions,
    summary: "The closed polls in which residents chose the themes of a unit's coming sessions",
    params: IdPath,
    response: z.array(Poll),
  }),
};
