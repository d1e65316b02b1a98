import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * A small test recording made with ffmpeg: a test pattern with a tone, H.264 and AAC in MP4 with its index at the
 * front (faststart), so a browser can play and seek it through HTTP range requests. Takes a few seconds.
 */
export async function makeTestVideo(dir: string, name = 'test.mp4', seconds = 20): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  await run(
    process.env.FFMPEG_PATH ?? 'ffmpeg',
    [
      '-y',
      '-loglevel', 'error',
      '-f', 'lavfi', '-i', `testsrc=duration=${seconds}:size=320x180:rate=10`,
      '-f', 'lavfi', '-i', `sine=frequency=440:duration=${seconds}`,
      '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '64k',
      '-shortest', '-movflags', '+faststart',
      path,
    ],
    { timeout: 60_000 },
  );
  return path;
}
