import { route } from '../http.ts';
import { SearchQuery, SearchResult } from '../schemas/transcript.ts';
import { PATHS } from './paths.ts';

export const SEARCH = {
  search: route({
    ...PATHS.search.search,
    summary: 'Search all transcripts and public questions',
    description:
      'Diacritics, đ, tone placement and case are ignored ("toa dam" finds "tọa đàm" and "Toạ đàm"). Query syntax is not interpreted. Each hit links to a time in the replay.',
    query: SearchQuery,
    response: SearchResult,
  }),
};
