import type { Environment } from 'vitest/environments';

/**
 * Node, with modules compiled and resolved for the browser: Svelte's server build never runs effects, so a test
 * that follows a rune with `$effect` needs its client build. No DOM is set up; the modules under test use none.
 */
export default {
  name: 'runes',
  viteEnvironment: 'client',
  setup: () => ({ teardown: () => {} }),
} satisfies Environment;
