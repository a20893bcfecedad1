import { Redis } from "ioredis";
import type { Logger } from "pino";

/** Every key the bot writes starts with this, so one Redis can serve other programs too. */
export const REDIS_KEY_PREFIX = "shenbao:";

/**
 * Connects to REDIS_URL and checks it answers, so a wrong address stops start-up with one line instead
 * of failing the first update. Later outages are retried by ioredis; a command waits at most a few
 * reconnection attempts and then fails that one update (the user gets the apology), not the process.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const redis = new Redis(url, {
    keyPrefix: REDIS_KEY_PREFIX,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    connectTimeout: 5_000,
    // A half-open connection would otherwise hold a command (and the chat waiting on it) for minutes.
    commandTimeout: 5_000,
  });
  const where = describeRedis(url);
  // ioredis reports a refused AUTH as an "error" event and then rejects connect() with "Connection is
  // closed."; the event is the one that says why.
  let lastError: Error | undefined;
  redis.on("error", (error: Error) => {
    lastError = error;
    logger.warn({ redis: where, reason: error.message }, "Redis error");
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw new Error(
      `could not connect to REDIS_URL (${where}): ${explainRedisError(lastError ?? (error as Error))}`,
    );
  }
  logger.info({ redis: where }, "connected to Redis");
  return redis;
}

/** Host, port and database of a Redis URL, without its password, for logs and errors. */
export function describeRedis(url: string): string {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || 6379}${pathname.length > 1 ? pathname : ""}`;
}

/** A Redis failure worded for the person who set REDIS_URL. */
function explainRedisError(error: Error): string {
  const message = error.message;
  if (/WRONGPASS|invalid password|invalid username-password/i.test(message))
    return "Redis refused the password in REDIS_URL (wrong password or user)";
  if (/NOAUTH/i.test(message))
    return "Redis requires a password; add it to REDIS_URL (redis://:password@host:port)";
  return message;
}
