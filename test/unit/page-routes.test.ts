import { describe, expect, it } from 'vitest';
import { matchPage, PAGE_PATHS } from '../../shared/pages.ts';

describe('matchPage', () => {
  it.each([
    ['/', '', { name: 'programme' }],
    ['/login', '?next=/s/4/moderate', { name: 'login', next: '/s/4/moderate' }],
    ['/search', '?q=v%E1%BB%89a', { name: 'search', query: 'vỉa' }],
    ['/staff/followups/', '', { name: 'staff_followups' }],
    ['/me/data', '', { name: 'my_data' }],
    ['/q/td-2026-12-0042', '', { name: 'track', code: 'TD-2026-12-0042' }],
    ['/embed/programme/3', '', { name: 'embed', unitId: 3 }],
    ['/s/7', '', { name: 'live', sessionId: 7 }],
    ['/s/7/', '', { name: 'live', sessionId: 7 }],
    ['/s/7/moderate', '', { name: 'moderate', sessionId: 7 }],
    ['/s/7/caption', '', { name: 'caption', sessionId: 7 }],
    ['/s/7/report', '', { name: 'report', sessionId: 7 }],
    ['/s/7/elsewhere', '', { name: 'not_found' }],
    ['/s/x', '', { name: 'not_found' }],
    ['/no-such-page', '', { name: 'not_found' }],
  ])('reads %s%s as its page', (path, search, route) => {
    expect(matchPage(path, search)).toEqual(route);
  });

  it('finds every page of the table at its own path', () => {
    for (const [name, path] of Object.entries(PAGE_PATHS)) {
      const address = path.replace(':sessionId', '12').replace(':unitId', '3').replace(':code', 'AB-1');
      expect(matchPage(address, '').name).toBe(name);
    }
  });
});
