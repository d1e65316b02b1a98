/** One entry of Vite's build manifest (dist/client/.vite/manifest.json). */
interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
}
export type Manifest = Record<string, ManifestChunk>;

/** The resident's page, the one page whose chunks the first HTML names. */
export const LIVE_PAGE = 'src/pages/Live.svelte';

/**
 * Link tags for a page's chunk and the chunks it imports. Without them the browser learns of the page's chunk only
 * once the entry script has run, one more round trip: 400 ms on a slow 3G link. Its styles are left to the loader:
 * a stylesheet in the head would hold back the first paint. The entry's own files are in index.html already.
 */
export function preloadTags(manifest: Manifest, page: string): string {
  const scripts = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || chunk.isEntry || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  visit(page);
  return [...scripts].map((file) => `<link rel="modulepreload" crossorigin href="/${file}" />`).join('\n    ');
}

/** Puts the tags at the end of the head, after the entry's own. */
export function withPreloads(html: string, tags: string): string {
  return tags ? html.replace('</head>', () => `  ${tags}\n  </head>`) : html;
}
