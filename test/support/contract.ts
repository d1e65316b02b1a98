import { matchesPath, type Method, type RouteSpec } from '../../shared/http.ts';
import { ErrorResponse } from '../../shared/schemas/error.ts';
import { ROUTES } from '../../shared/routes/index.ts';

/** The contract's route for a request, by method and concrete path (its query left off). */
export function routeFor(method: string, path: string): RouteSpec | undefined {
  const bare = path.split('?')[0]!;
  return ROUTES.find((route) => route.method === (method.toUpperCase() as Method) && matchesPath(route, bare));
}

/**
 * Checks a JSON answer against the contract: a success against its route's response schema, a refusal against the
 * error body. A JSON success from a route the contract does not name fails too, so a new route cannot go
 * undeclared. Throws, naming the route and the fields at fault.
 */
export async function checkAnswer(method: string, path: string, response: Response): Promise<void> {
  const route = routeFor(method, path);
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return;
  if (response.status === 204 || method.toUpperCase() === 'HEAD') return;
  const body: unknown = await response.json();
  const where = `${method} ${path} (${response.status})`;
  if (!route) {
    if (response.ok) throw new Error(`${where} answered JSON but is not in the HTTP contract (shared/routes/)`);
    ErrorResponse.parse(body);
    return;
  }
  const schema = response.ok || route.sameBodyOnError ? route.response : ErrorResponse;
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`${where} does not match its schema in the contract: ${issues.join('; ')}`);
  }
}
