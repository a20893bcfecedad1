import { join, resolve } from "node:path";
import { RedisAdapter } from "@grammyjs/storage-redis";
import type { StorageAdapter } from "grammy";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { FeedbackStore } from "../ports/feedback.ts";
import { type HandledUpdates, MemoryHandledUpdates } from "../ports/handled-updates.ts";
import type { QuestionCounter } from "../ports/question-counter.ts";
import type { SessionData } from "../ports/sessions.ts";
import { MemoryTokenBudget, type TokenBudget } from "../ports/token-budget.ts";
import type { UpdateJournal } from "../ports/update-journal.ts";
import { MemoryStats, type UsageStats } from "../ports/usage-stats.ts";
import { FileFeedback } from "./file-feedback.ts";
import { FileUpdateJournal } from "./file-journal.ts";
import { FileStorage } from "./file-storage.ts";
import { connectRedis, describeRedis } from "./redis.ts";
import { RedisTokenBudget } from "./redis-budget.ts";
import { RedisFeedback } from "./redis-feedback.ts";
import { RedisHandledUpdates } from "./redis-handled.ts";
import { RedisUpdateJournal } from "./redis-journal.ts";
import { RedisRateLimitCounter } from "./redis-rate-limit.ts";
import { RedisStats } from "./redis-stats.ts";

/** How often expired session files are deleted (Redis expires its keys by itself). */
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** Everything the bot keeps beyond one update, in the place the configuration chose. */
export interface Stores {
  /** Where it is kept, for the start-up log line: a folder or a Redis host. */
  where: string;
  sessions: StorageAdapter<SessionData>;
  budget: TokenBudget;
  stats: UsageStats;
  journal: UpdateJournal;
  handled: HandledUpdates;
  /** Answers and their 👍/👎 for a week: /feedback, /unanswered, the admin page. */
  feedback: FeedbackStore;
  /** Shared question counters; undefined keeps them in the process. */
  rateLimits?: QuestionCounter;
  /** Stops the sweeps and closes Redis once its pending writes are sent. */
  close(): Promise<void>;
}

/**
 * Opens the stores: files under SESSION_DIR for one instance, or Redis at REDIS_URL for several
 * (sessions, question limits, token budgets, /stats and the handled updates are then shared).
 * Conversations idle for SESSION_TTL_DAYS are deleted in both.
 */
export async function openStores(config: Config, logger: Logger, rateWindowMs: number): Promise<Stores> {
  const ttlSeconds = config.SESSION_TTL_DAYS * 24 * 3600;
  if (config.REDIS_URL) {
    const redis = await connectRedis(config.REDIS_URL, logger);
    return {
      where: `redis ${describeRedis(config.REDIS_URL)}`,
      sessions: prefixed(new RedisAdapter<SessionData>({ instance: redis, ttl: ttlSeconds }), "session:"),
      budget: new RedisTokenBudget(redis, config.DAILY_TOKEN_BUDGET),
      stats: new RedisStats(redis),
      journal: new RedisUpdateJournal(redis),
      handled: new RedisHandledUpdates(redis),
      rateLimits: new RedisRateLimitCounter(redis, rateWindowMs),
      feedback: new RedisFeedback(redis),
      close: async () => {
        await redis.quit().catch(() => redis.disconnect());
      },
    };
  }

  const dir = resolve(config.SESSION_DIR);
  const sessions = new FileStorage<SessionData>(join(dir, "chats"), { ttlMs: ttlSeconds * 1000, logger });
  const sweep = () =>
    sessions.sweep().then(
      (removed) => removed > 0 && logger.info({ removed }, "deleted conversations past SESSION_TTL_DAYS"),
      (error: Error) => logger.warn({ reason: error.message }, "could not sweep old conversations"),
    );
  await sweep();
  const timer = setInterval(sweep, SWEEP_INTERVAL_MS).unref();
  return {
    where: dir,
    sessions,
    budget: new MemoryTokenBudget(config.DAILY_TOKEN_BUDGET),
    stats: new MemoryStats(),
    journal: new FileUpdateJournal(join(dir, "updates"), logger),
    handled: new MemoryHandledUpdates(),
    feedback: new FileFeedback(join(dir, "feedback"), logger),
    close: async () => clearInterval(timer),
  };
}

/** The same storage under `prefix:`-named keys, so sessions read as such among the bot's other keys. */
function prefixed<T>(storage: StorageAdapter<T>, prefix: string): StorageAdapter<T> {
  return {
    read: (key) => storage.read(prefix + key),
    write: (key, value) => storage.write(prefix + key, value),
    delete: (key) => storage.delete(prefix + key),
  };
}
