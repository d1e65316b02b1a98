import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NGINX_BINARY = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((path) => existsSync(path));

/**
 * deploy/nginx.conf as shipped, with only its lines marked "# deploy:" swapped for the test's: plain HTTP on a
 * loopback port instead of the certificate, the test's processes as upstreams, the test's client folder.
 */
export function testSiteConfig(options: { port: number; upstreams: string[]; clientDist: string }): string {
  const shipped = readFileSync('deploy/nginx.conf', 'utf8');
  const lines: string[] = [];
  let upstreamsWritten = false;
  let redirectBlock = false;
  for (const line of shipped.split('\n')) {
    const mark = /#\s*deploy:\s*(.+)$/.exec(line)?.[1]?.trim();
    const directive = line.split('#')[0]!.trim();
    if (!mark) {
      if (redirectBlock && line.trim() === '}') {
        redirectBlock = false;
        continue;
      }
      if (!redirectBlock) lines.push(line);
      continue;
    }
    if (mark.startsWith('plain HTTP only redirects')) {
      // The redirecting server block goes whole: drop back to its opening line, then skip to its end.
      if (directive.startsWith('listen')) {
        while (lines.length && !/^\s*server\s*\{/.test(lines[lines.length - 1]!)) lines.pop();
        lines.pop();
        redirectBlock = true;
      }
    } else if (mark.startsWith('one line per')) {
      if (!upstreamsWritten) for (const upstream of options.upstreams) lines.push(`    server ${upstream};`);
      upstreamsWritten = true;
    } else if (mark === 'listen') {
      if (directive.startsWith('listen')) lines.push(`    listen 127.0.0.1:${options.port};`);
    } else if (mark === 'certificate') {
      // plain HTTP on loopback: no certificate
    } else if (mark === 'client folder') {
      lines.push(`    root ${options.clientDist};`);
    } else if (!redirectBlock) {
      lines.push(line);
    }
  }
  return lines.join('\n');
}

export interface Nginx {
  url: string;
  errorLog(): string;
  stop(): Promise<void>;
}

/** Debian's nginx in the foreground, with a prefix folder of its own and the given site inside `http`. */
export async function startNginx(dir: string, site: string, port: number): Promise<Nginx> {
  if (!NGINX_BINARY) throw new Error('nginx is not installed: apt-get install nginx (.ci/run installs it)');
  mkdirSync(join(dir, 'logs'), { recursive: true });
  writeFileSync(join(dir, 'site.conf'), site);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      // Tests run as root: workers stay root so they can write the temporary folders created here.
      'user root;',
      'worker_processes 1;',
      `error_log ${join(dir, 'logs/error.log')} info;`,
      `pid ${join(dir, 'nginx.pid')};`,
      'events { worker_connections 512; }',
      'http {',
      '  include /etc/nginx/mime.types;',
      `  access_log ${join(dir, 'logs/access.log')};`,
      `  client_body_temp_path ${join(dir, 'body')};`,
      `  proxy_temp_path ${join(dir, 'proxy')};`,
      `  fastcgi_temp_path ${join(dir, 'fastcgi')};`,
      `  uwsgi_temp_path ${join(dir, 'uwsgi')};`,
      `  scgi_temp_path ${join(dir, 'scgi')};`,
      `  include ${join(dir, 'site.conf')};`,
      '}',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(NGINX_BINARY, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const errorLog = () => output + (existsSync(join(dir, 'logs/error.log')) ? readFileSync(join(dir, 'logs/error.log'), 'utf8') : '');
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${errorLog()}`);
    const up = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() - started > 10_000) throw new Error(`nginx did not start:\n${errorLog()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    errorLog,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGQUIT');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
