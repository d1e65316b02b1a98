import { z } from 'zod';
import { PublicQuestion } from '../../shared/schemas/question.ts';
import { Session, SessionList } from '../../shared/schemas/session.ts';
import { Archive, SearchResult, Segment } from '../../shared/schemas/transcript.ts';
import { Scoreboard } from '../../shared/schemas/scoreboard.ts';
import { FollowupView } from '../../shared/schemas/followup.ts';
import { PrivacyNotice } from '../../shared/schemas/privacy.ts';
import { Readiness } from '../../shared/schemas/operations.ts';
import { ERROR_CODES } from '../../shared/errors.ts';

const ErrorResponse = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), retryAfter: z.number().int().optional() }),
});
const Health = z.object({ ok: z.boolean(), database: z.enum(['ok', 'unavailable']) });

const COMPONENTS = { Session, SessionList, PublicQuestion, Segment, Archive, SearchResult, Scoreboard, FollowupView, PrivacyNotice, ErrorResponse, Health, Readiness };

function schemaOf(schema: z.ZodType) {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'output' }) as Record<string, unknown>;
  delete json.$schema;
  return json;
}

const ref = (name: keyof typeof COMPONENTS) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object) => ({ 'application/json': { schema } });
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer', minimum: 1 } };
const errors = {
  '400': { description: 'The request is malformed; the message names the field', content: json(ref('ErrorResponse')) },
  '404': { description: 'No such session', content: json(ref('ErrorResponse')) },
};

/**
 * The public read API, described from the same zod schemas the server validates and maps with, so the document
 * cannot drift from what the routes send.
 */
export function buildOpenApi(version: string) {
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tọa đàm public read API',
      version,
      description: 'Sessions and approved questions of the online town halls, for portals and other tools.',
    },
    paths: {
      '/healthz': {
        get: { summary: 'Liveness and database check', responses: { '200': { description: 'Healthy', content: json(ref('Health')) } } },
      },
      '/healthz/live': {
        get: { summary: 'Liveness: the process answers', responses: { '200': { description: 'Alive', content: json({ type: 'object', properties: { ok: { type: 'boolean' } } }) } } },
      },
      '/healthz/ready': {
        get: {
          summary: 'Readiness: the database takes a write, and Redis and LiveKit answer when configured',
          responses: {
            '200': { description: 'Ready', content: json(ref('Readiness')) },
            '503': { description: 'A check failed (its reason is in the server log)', content: json(ref('Readiness')) },
          },
        },
      },
      '/api/sessions': {
        get: { summary: 'Upcoming and past sessions', responses: { '200': { description: 'Sessions', content: json(ref('SessionList')) } } },
      },
      '/api/sessions/{id}': {
        get: {
          summary: 'One session',
          parameters: [idParam],
          responses: { '200': { description: 'The session', content: json(ref('Session')) }, ...errors },
        },
      },
      '/api/sessions/{id}/questions': {
        get: {
          summary: 'Approved questions of a session, ranked as on the live page',
          description: 'Never includes pending or rejected questions, nor a name its asker did not choose to publish (Law 91/2025/QH15 Art. 16).',
          parameters: [idParam],
          responses: {
            '200': { description: 'Questions', content: json({ type: 'array', items: ref('PublicQuestion') }) },
            ...errors,
          },
        },
      },
      '/api/sessions/{id}/transcript': {
        get: {
          summary: "A session's transcript",
          description: 'JSON by default; `format=vtt` gives WebVTT and `format=txt` plain text, both as downloads.',
          parameters: [idParam, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'vtt', 'txt'] } }],
          responses: {
            '200': {
              description: 'Segments, times in milliseconds from the session start',
              content: { ...json({ type: 'array', items: ref('Segment') }), 'text/vtt': { schema: { type: 'string' } }, 'text/plain': { schema: { type: 'string' } } },
            },
            ...errors,
          },
        },
      },
      '/api/sessions/{id}/archive': {
        get: {
          summary: 'Recording, transcript and question chapters of a session',
          parameters: [idParam],
          responses: { '200': { description: 'The archive', content: json(ref('Archive')) }, ...errors },
        },
      },
      '/api/sessions/{id}/questions.csv': {
        get: {
          summary: 'Approved questions of a session as CSV (UTF-8 with BOM)',
          parameters: [idParam],
          responses: { '200': { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors },
        },
      },
      '/api/sessions/{id}/calendar.ics': {
        get: {
          summary: 'The session as an iCalendar file',
          parameters: [idParam],
          responses: { '200': { description: 'iCalendar', content: { 'text/calendar': { schema: { type: 'string' } } } }, ...errors },
        },
      },
      '/api/units/{id}/calendar.ics': {
        get: {
          summary: "A unit's programme as an iCalendar feed to subscribe to",
          parameters: [idParam],
          responses: { '200': { description: 'iCalendar', content: { 'text/calendar': { schema: { type: 'string' } } } }, ...errors },
        },
      },
      '/api/scoreboard': {
        get: {
          summary: "A unit's public scoreboard over a period (calendar days in Asia/Ho_Chi_Minh; the current year by default)",
          parameters: [
            { name: 'unit', in: 'query', required: true, schema: { type: 'integer', minimum: 1 } },
            { name: 'from', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', required: false, schema: { type: 'string', format: 'date' } },
          ],
          responses: { '200': { description: 'The figures, overall and per department', content: json(ref('Scoreboard')) }, '400': errors['400'] },
        },
      },
      '/api/questions/{code}': {
        get: {
          summary: 'A question by its tracking code: its fate and its public history',
          parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', example: 'TD-2026-12-0042' } }],
          responses: { '200': { description: 'The question and its follow-up', content: json(ref('FollowupView')) }, ...errors },
        },
      },
      '/api/privacy': {
        get: {
          summary: 'The privacy notice\'s facts: the unit that controls the data, its contact, the retention and request periods',
          parameters: [{ name: 'unit', in: 'query', required: false, schema: { type: 'integer', minimum: 1 }, description: 'The first unit when absent' }],
          responses: { '200': { description: 'The notice', content: json(ref('PrivacyNotice')) }, ...errors },
        },
      },
      '/api/search': {
        get: {
          summary: 'Search all transcripts and public questions',
          description:
            'Diacritics, đ, tone placement and case are ignored ("toa dam" finds "tọa đàm" and "Toạ đàm"). Query syntax is not interpreted. Each hit links to a time in the replay.',
          parameters: [
            { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } },
            { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
          ],
          responses: { '200': { description: 'Hits, best first', content: json(ref('SearchResult')) }, '400': errors['400'] },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, schemaOf(schema)])),
    },
  };
}
