export type Params = Record<string, string | number>;

/** A message with `{name}` placeholders filled from `params`; a placeholder without a value stays as written. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
