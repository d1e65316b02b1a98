import { z } from 'zod';
import { PublicQuestion } from '../../shared/schemas/question.ts';
import { Session, SessionList } from '../../shared/schemas/session.ts';
import { ERROR_CODES } from '../../shared/errors.ts';

const ErrorResponse = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string(), retryAfter: z.number().int().optional() }),
});
const Health = z.object({ ok: z.boolean(), database: z.enum(['ok', 'unavailable']) });

const COMPONENTS = { Session, SessionList, PublicQuestion, ErrorResponse, Health };

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
          description: 'Never includes pending or rejected questions, nor the name of an anonymous asker.',
          parameters: [idParam],
          responses: {
            '200': { description: 'Questions', content: json({ type: 'array', items: ref('PublicQuestion') }) },
            ...errors,
          },
        },
      },
    },
    components: {
      schemas: Object.fromEntries(Object.entries(COMPONENTS).map(([name, schema]) => [name, schemaOf(schema)])),
    },
  };
}
