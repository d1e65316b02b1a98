import { z } from 'zod';
import { openApiPath, type RouteSpec } from '../../shared/http.ts';
import { ErrorResponse } from '../../shared/schemas/error.ts';
import { ROUTES } from '../../shared/routes/index.ts';
import { DialogueRequest, SessionResults } from '../../shared/schemas/dialogue.ts';
import { Department, FollowupView } from '../../shared/schemas/followup.ts';
import { Ingress, MyStage, SessionMedia, StreamTarget } from '../../shared/schemas/media.ts';
import { NotifyStatus } from '../../shared/schemas/notify.ts';
import { BackupStatus, Health, Readiness } from '../../shared/schemas/operations.ts';
import { Commitment } from '../../shared/schemas/commitment.ts';
import { Poll } from '../../shared/schemas/poll.ts';
import { PrivacyNotice, PrivacyRequest } from '../../shared/schemas/privacy.ts';
import { Programme, Unit } from '../../shared/schemas/programme.ts';
import { PublicQuestion, StaffQuestion } from '../../shared/schemas/question.ts';
import { Scoreboard } from '../../shared/schemas/scoreboard.ts';
import { Session, SessionList } from '../../shared/schemas/session.ts';
import { Me, StaffUser } from '../../shared/schemas/staff.ts';
import { Archive, Minutes, SearchResult, Segment } from '../../shared/schemas/transcript.ts';

/** Answers named once under components and referred to wherever a route sends them. */
const COMPONENTS = {
  Session, SessionList, PublicQuestion, StaffQuestion, Segment, Archive, Minutes, SearchResult, Scoreboard, FollowupView, PrivacyNotice,
  PrivacyRequest, Commitment, Poll, Programme, Unit, Department, NotifyStatus, SessionResults, DialogueRequest, StreamTarget, Ingress,
  SessionMedia, MyStage, StaffUser, Me, BackupStatus, Health, Readiness, ErrorResponse,
};

type Json = Record<string, unknown>;

const named = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries(COMPONENTS)) named.add(schema, { id });

/**
 * One schema in OpenAPI 3.0 form. Answers refer to the named components (collected into `components`); inputs are
 * written out whole, since a field with a default is optional to send but always present in an answer.
 */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Record<string, Json>): Json {
  const json = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any', ...(io === 'output' ? { metadata: named } : { metadata: z.registry() }) }) as Json;
  const { $schema: _, definitions, ...rest } = json;
  const toComponents = (value: unknown) => JSON.parse(JSON.stringify(value).replaceAll('"#/definitions/', '"#/components/schemas/')) as Json;
  for (const [id, definition] of Object.entries((definitions ?? {}) as Record<string, unknown>)) components[id] ??= toComponents(definition);
  return toComponents(rest);
}

function parametersOf(route: RouteSpec, components: Record<string, Json>) {
  const where = [
    ['path', route.params],
    ['query', route.query],
  ] as const;
  return where.flatMap(([place, object]) =>
    Object.entries(object?.shape ?? {}).map(([name, field]) => ({
      name,
      in: place,
      required: place === 'path' || !(field as z.ZodType).safeParse(undefined).success,
      schema: schemaOf(field as z.ZodType, 'input', components),
    })),
  );
}

const MALFORMED = 'The request is malformed; the message names the field';

function operationOf(route: RouteSpec, components: Record<string, Json>): Json {
  const status = route.status ?? 200;
  const answer = route.produces
    ? { [route.produces]: { schema: { type: 'string' } } }
    : {
        'application/json': { schema: schemaOf(route.response, 'output', components) },
        ...Object.fromEntries((route.alsoProduces ?? []).map((type) => [type, { schema: { type: 'string' } }])),
      };
  const errorBody = route.sameBodyOnError ? answer : { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponse' } } };
  const responses: Json = { [status]: status === 204 ? { description: 'Done' } : { description: status === 201 ? 'Created' : 'OK', content: answer } };
  if (route.params || route.query || route.body) responses['400'] = { description: MALFORMED, content: errorBody };
  for (const [code, description] of Object.entries(route.errors ?? {})) responses[code] = { description, content: errorBody };
  const body = route.body && schemaOf(route.body, 'input', components);
  return {
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    ...(route.params || route.query ? { parameters: parametersOf(route, components) } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: Object.fromEntries(['application/json', ...(route.alsoAccepts ?? [])].map((type) => [type, { schema: body }])),
          },
        }
      : {}),
    responses,
  };
}

/**
 * The whole HTTP API, generated from the shared contract the routes are registered from, so the document cannot
 * leave a route out or describe an answer the route does not send.
 */
export function buildOpenApi(version: string, routes: readonly RouteSpec[] = ROUTES) {
  const components: Record<string, Json> = {};
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) (paths[openApiPath(route.path)] ??= {})[route.method.toLowerCase()] = operationOf(route, components);
  schemaOf(ErrorResponse, 'output', components);
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tọa đàm HTTP API',
      version,
      description:
        'Sessions, questions and their follow-up, the record and the programme of the online town halls: the public routes for portals and other tools, and the ones the pages call. Staff routes need the sign-in cookie of `POST /api/auth/login`; writes must be JSON from the same origin.',
    },
    paths,
    components: { schemas: components },
  };
}
