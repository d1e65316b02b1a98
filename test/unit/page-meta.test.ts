import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sessionMeta, withBootShell, withMeta } from '../../server/http/page-meta.ts';
import { sessionFixture } from '../support/factory.ts';

const session = sessionFixture({
  id: 3,
  unitName: 'UBND phường <Hòa Bình>',
  title: 'Tọa đàm tháng 12',
  theme: 'Vỉa hè & chợ "cóc" $& $1 </p><script>alert(1)</script>',
  opensAt: '2026-12-10T07:00:00.000Z',
  startsAt: '2026-12-17T07:00:00.000Z',
  endsAt: '2026-12-17T09:00:00.000Z',
});

describe("a session page's first paint", () => {
  it('fills index.html\'s boot block with the unit, theme and time, escaped, and a loading line', () => {
    const html = withBootShell(readFileSync('client/index.html', 'utf8'), session);
    const shell = html.slice(html.indexOf('<div id="boot"'), html.indexOf('<div id="app">'));
    expect(shell).toContain('UBND phường &lt;Hòa Bình&gt; · Tọa đàm tháng 12');
    // Escaped, and a `$&` stays text rather than becoming the matched block.
    expect(shell).toContain('<h1>Vỉa hè &amp; chợ &quot;cóc&quot; $&amp; $1 &lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
    expect(shell).not.toContain('<script>');
    expect(shell).toContain('<time datetime="2026-12-17T07:00:00.000Z">14:00–16:00');
    expect(shell).toContain('Đang tải câu hỏi…');
    expect(shell).not.toContain('<!--boot-->\n      <p class="boot-bar">Tọa đàm</p>\n      <p class="boot-loading">');
  });
});

describe("a session page's title and Open Graph tags", () => {
  it('carry a theme with `$&` in it as text', () => {
    const html = withMeta(readFileSync('client/index.html', 'utf8'), sessionMeta(session, 'https://example.test/s/3'));
    expect(html).toContain('<title>Vỉa hè &amp; chợ &quot;cóc&quot; $&amp; $1 &lt;/p&gt;');
    expect(html.match(/<title>/g)).toHaveLength(1);
  });
});
