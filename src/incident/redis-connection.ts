import { Redis } from 'ioredis';
import { FirebreakError, StoreUnavailableError } from '../errors.js';

/** The slice of pino the store uses; any pino logger fits. */
export interface StoreLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface RedisConnectionOptions {
  url: string;
  commandTimeoutMs: number;
  /** Shown in CLIENT LIST and in log lines; never the URL, which may carry a password. */
  name: string;
  logger?: StoreLogger | undefined;
}

/** One ioredis client that fails fast: every failure is a StoreUnavailableError naming the operation. */
export interface RedisConnection {
  readonly client: Redis;
  /** Changes on every (re)connection, so a WATCH taken on an earlier connection is known to be gone. */
  epoch(): number;
  run<T>(operation: string, fn: (client: Redis) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Reconnect forever in the background, backing off to at most about 2 s, so recovery needs no restart. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 6), 2000) + Math.floor(Math.random() * 100);
}

export function openRedisConnection(options: RedisConnectionOptions): RedisConnection {
  const { commandTimeoutMs, logger, name } = options;
  const client = new Redis(options.url, {
    lazyConnect: true,
    // Without an offline queue a command fails at once while Redis is down, instead of waiting to be replayed.
    enableOfflineQueue: false,
    // A command lost with its connection was already reported as failed; replaying it later would surprise.
    autoResendUnfulfilledCommands: false,
    commandTimeout: commandTimeoutMs,
    connectTimeout: Math.max(2 * commandTimeoutMs, 2000),
    maxRetriesPerRequest: 1,
    retryStrategy: reconnectDelay,
    connectionName: name,
  });

  let epoch = 0;
  let healthy = true;
  let closed = false;
  let pendingReady: Promise<void> | undefined;

  client.on('ready', () => {
    epoch += 1;
    if (!healthy) logger?.info({ store: name }, 'redis is reachable again');
    healthy = true;
  });
  // Without an error listener ioredis prints every failed reconnect; log the outage once instead.
  const down = (reason: string) => {
    if (healthy && !closed) logger?.warn({ store: name, err: reason }, 'redis is unreachable; reconnecting');
    healthy = false;
  };
  client.on('error', (error: Error) => down(error.message));
  // A server that shuts down cleanly closes the connection without an error.
  client.on('close', () => down('connection closed'));

  function waitForReady(): Promise<void> {
    pendingReady ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        clearTimeout(timer);
        client.off('ready', onReady);
        client.off('close', onClose);
        pendingReady = undefined;
        if (error) reject(error);
        else resolve();
      };
      const onReady = () => settle();
      const onClose = () => settle(new Error('connection closed before it was ready'));
      const timer = setTimeout(
        () => settle(new Error(`not connected within ${commandTimeoutMs} ms`)),
        commandTimeoutMs,
      );
      client.on('ready', onReady);
      client.on('close', onClose);
    });
    return pendingReady;
  }

  /** Waits only for a connection in progress; while Redis is known to be down, fails at once. */
  async function ready(operation: string): Promise<void> {
    const status = client.status;
    if (status === 'ready') return;
    if (closed || status === 'end') throw new StoreUnavailableError(operation, new Error('store closed'));
    if (status === 'wait') client.connect().catch(() => {});
    else if (status !== 'connecting' && status !== 'connect') {
      throw new StoreUnavailableError(operation, new Error(`redis connection is ${status}`));
    }
    try {
      await waitForReady();
    } catch (error) {
      throw new StoreUnavailableError(operation, error);
    }
  }

  return {
    client,
    epoch: () => epoch,
    async run(operation, fn) {
      await ready(operation);
      try {
        return await fn(client);
      } catch (error) {
        if (error instanceof FirebreakError) throw error;
        throw new StoreUnavailableError(operation, error);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      if (client.status === 'ready') {
        try {
          await client.quit();
          return;
        } catch {
          // fall through: a connection that cannot say goodbye is simply dropped
        }
      }
      client.disconnect();
    },
  };
}
