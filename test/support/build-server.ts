/** Vitest global setup: the child-process tests run the compiled server, so it must match the sources. */
import { build } from '../../scripts/build.ts';

export default async function setup(): Promise<void> {
  await build({ ifNeeded: true, only: ['server'] });
}
