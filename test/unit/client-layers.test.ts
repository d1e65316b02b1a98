import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(process.cwd(), 'client', 'src');

function svelteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return svelteFiles(path);
    return entry.name.endsWith('.svelte') ? [path] : [];
  });
}

describe('the client layers', () => {
  it('leaves sending commands and requests to lib/: no page or component imports command or request', () => {
    const offenders = [...svelteFiles(join(SRC, 'pages')), ...svelteFiles(join(SRC, 'components'))].filter((file) =>
      /import\s*\{[^}]*\b(command|request|upload)\b[^}]*\}\s*from\s*'[^']*lib\/core\/(socket|api)\.ts'/.test(readFileSync(file, 'utf8')),
    );
    expect(offenders.map((file) => relative(SRC, file))).toEqual([]);
  });

  it('keeps each language in one catalogue, every domain inside it', () => {
    expect(readdirSync(join(SRC, 'lib', 'i18n')).sort()).toEqual(['en.ts', 'format.ts', 'index.svelte.ts', 'vi.ts']);
  });

  it('keeps lib/ folders one-directional: no folder imports, through others, one that imports it', () => {
    const lib = join(SRC, 'lib');
    const uses = new Map<string, Set<string>>();
    for (const folder of readdirSync(lib)) {
      const used = new Set<string>();
      for (const file of readdirSync(join(lib, folder))) {
        for (const match of readFileSync(join(lib, folder, file), 'utf8').matchAll(/from '\.\.\/([\w-]+)\//g)) used.add(match[1]!);
      }
      uses.set(folder, used);
    }
    const reaches = (from: string, to: string, seen = new Set<string>()): boolean =>
      [...(uses.get(from) ?? [])].some((next) => next === to || (!seen.has(next) && (seen.add(next), reaches(next, to, seen))));
    const circles = [...uses.keys()].filter((folder) => reaches(folder, folder));
    expect(circles).toEqual([]);
  });
});
