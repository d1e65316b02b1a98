import { existsSync } from 'node:fs';
import { afterEach, describe } from 'vitest';
import { LIVEKIT_BINARY, type LiveKitServer } from '../../scripts/livekit-local.ts';

export { LIVEKIT_BINARY, LIVEKIT_VERSION, REAL_API_KEY, REAL_API_SECRET, reserveLiveKit, type LiveKitServer } from '../../scripts/livekit-local.ts';

/**
 * The real-server suites: run when the binary is built; otherwise they say why they did not run, unless
 * TOADAM_REQUIRE_LIVEKIT=1 (CI), where a missing binary fails the file instead of hiding as skipped.
 */
export function describeWithLiveKit(name: string, suite: () => void): void {
  if (existsSync(LIVEKIT_BINARY)) {
    describe(name, suite);
    return;
  }
  const why = `${LIVEKIT_BINARY} is missing: build it with \`bash scripts/livekit-server.sh build\` (needs Go)`;
  if (process.env.TOADAM_REQUIRE_LIVEKIT === '1') throw new Error(`TOADAM_REQUIRE_LIVEKIT=1 but ${why}`);
  console.warn(`Real LiveKit suite "${name}" did not run: ${why}. The contract tests still ran.`);
  describe.skip(name, suite);
}

/** Prints the end of LiveKit's log after each failed test of the suite, where the reason usually is. */
export function printLiveKitLogOnFailure(server: () => LiveKitServer | undefined): void {
  afterEach((context) => {
    if (context.task.result?.state !== 'fail') return;
    const lk = server();
    if (lk) console.error(`LiveKit log (${lk.logPath}), last lines:\n${lk.logTail()}`);
  });
}
