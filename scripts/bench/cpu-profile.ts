/**
 * A sampling CPU profile of the server under test over one phase, taken in-process through the inspector and
 * boiled down to self time per function and per package: the "where does the time go" part of the report.
 */
import { Session } from 'node:inspector';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
}

export interface CpuBreakdown {
  totalMs: number;
  /** Self time by area: a package, the server's own code, GC, idle. */
  byArea: Array<{ area: string; ms: number; share: number }>;
  topFunctions: Array<{ fn: string; ms: number; share: number }>;
}

let session: Session | null = null;

function post<T>(method: string, params?: object): Promise<T> {
  return new Promise((resolve, reject) => session!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result as T))));
}

export async function startCpuProfile(): Promise<null> {
  session ??= new Session();
  session.connect();
  await post('Profiler.enable');
  // 1 ms sampling: enough resolution for a phase of seconds, cheap enough not to move the figures.
  await post('Profiler.setSamplingInterval', { interval: 1000 });
  await post('Profiler.start');
  return null;
}

function areaOf(url: string, fn: string): string {
  if (fn === '(garbage collector)') return 'GC';
  if (fn === '(idle)') return 'idle';
  if (fn === '(program)') return 'native/program';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (pkg) return pkg[1]!;
  const own = url.match(/\/(server|shared|scripts)\/([^/]+)/);
  if (own) return `${own[1]}/${own[2]}`;
  if (url.startsWith('node:')) return 'node core';
  return url ? 'other' : 'native/builtin';
}

export async function stopCpuProfile(): Promise<CpuBreakdown> {
  const { profile } = await post<{ profile: Profile }>('Profiler.stop');
  await post('Profiler.disable');
  session!.disconnect();
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0) || 1;
  const msPerHit = totalMs / hits;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const node of profile.nodes) {
    const ms = (node.hitCount ?? 0) * msPerHit;
    if (ms === 0) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + ms);
    const short = url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(server|shared|scripts)\//, '$1/');
    const key = `${functionName || '(anonymous)'} ${short ? `${short}:${lineNumber + 1}` : ''}`.trim();
    fns.set(key, (fns.get(key) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms, share: ms / totalMs }));
  return {
    totalMs,
    byArea: sorted(areas, 14).map(({ name, ms, share }) => ({ area: name, ms, share })),
    topFunctions: sorted(fns, 20).map(({ name, ms, share }) => ({ fn: name, ms, share })),
  };
}
