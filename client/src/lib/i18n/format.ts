import type { MessageKey } from './vi.ts';

export type Params = Record<string, string | number>;
/** `t` or a stand-in: pure text functions take it as a parameter, so tests run them against each catalogue. */
export type Translate = (key: MessageKey, params?: Params) => string;

/** A message with `{name}` placeholders filled from `params`; a placeholder without a value stays as written. */
export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}
