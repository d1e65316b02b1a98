import { describe, expect, it } from 'vitest';
import { safeNext } from '../../client/src/lib/routing/safe-next.ts';

const ORIGIN = 'http://127.0.0.1:3000';

describe('safeNext', () => {
  it.each([
    ['/s/1/moderate', '/s/1/moderate'],
    ['/admin?tab=staff#top', '/admin?tab=staff#top'],
    ['/', '/'],
  ])('keeps the application path %j', (next, expected) => {
    expect(safeNext(next, ORIGIN)).toBe(expected);
  });

  it.each([
    ['backslash', '/\\evil.example/'],
    ['backslash then slash', '\\/evil.example/'],
    ['two backslashes', '/\\\\evil.example'],
    ['tab', '/\t/evil.example/'],
    ['newline', '/\n/evil.example/'],
    ['carriage return', '/\r/evil.example/'],
    ['encoded slashes, once decoded', decodeURIComponent('/%2F%2Fevil.example')],
    ['encoded backslash, once decoded', decodeURIComponent('/%5Cevil.example/')],
    ['protocol-relative', '//evil.example'],
    ['dot segment to protocol-relative', '/.//evil.example'],
    ['absolute URL', 'https://evil.example/'],
    ['javascript URL', 'javascript:alert(1)'],
    ['relative path', 'evil.example'],
    ['empty', ''],
    ['missing', null],
  ])('refuses %s', (_name, next) => {
    expect(safeNext(next, ORIGIN)).toBe('/');
  });
});
