import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';

export interface RedisAdapter {
  adapter: ReturnType<typeof createAdapter>;
  close(): Promise<void>;
  /** Resolves when Redis answers a PING, for readiness. */
  ping(): Promise<void>;
}

/**
 * Connects to Redis so several server processes share rooms and broadcasts through Redis Streams. Fails at start-up
 * with a plain message when Redis does not answer, instead of starting a server whose broadcasts go nowhere.
 */
export async function connectRedisAdapter(url: string, logger: Logger, onError?: () => void): Promise<RedisAdapter> {
  let connected = false;
  const client = createClient({
    url,
    socket: {
      connectTimeout: 5000,
      // Once running, keep retrying; at start-up, give up after a few tries so the operator hears about it.
      reconnectStrategy: (retries: number, cause: Error) =>
        connected ? Math.min(retries * 200, 5000) : retries < 3 ? 200 : cause,
    },
  });
  client.on('error', (error: unknown) => {
    if (!connected) return;
    onError?.();
    logger.error({ err: error }, 'Redis connection error; broadcasts to other processes are delayed');
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    if (client.isOpen) client.destroy();
    throw new Error(`REDIS_URL is set but Redis at ${new URL(url).host} did not answer (${(error as Error).message})`, { cause: error });
  }
  connected = true;
  logger.info({ redis: new URL(url).host }, 'sharing rooms and broadcasts through Redis Streams');
  return {
    adapter: createAdapter(client),
    async close() {
      await client.close();
    },
    async ping() {
      await client.ping();
    },
  };
}
