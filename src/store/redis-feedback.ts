import type { Redis } from "ioredis";
import {
  type AnswerRecord,
  FEEDBACK_DAYS,
  type FeedbackEntry,
  type FeedbackStore,
  newestFirst,
  type Vote,
  withVote,
} from "../ports/feedback.ts";

const TTL_SECONDS = FEEDBACK_DAYS * 24 * 3600;
const INDEX = "feedback:answers";

/**
 * Feedback in Redis, shared by every instance: each answer is a key that expires after FEEDBACK_DAYS,
 * indexed by time in one sorted set (trimmed as answers arrive); a vote is its own expiring key, so a
 * vote that arrives before its answer is written (another instance) still counts.
 */
export class RedisFeedback implements FeedbackStore {
  constructor(
    private readonly redis: Redis,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async answered(record: AnswerRecord): Promise<void> {
    const at = Date.parse(record.at);
    const results = await this.redis
      .multi()
      .set(`feedback:answer:${record.id}`, JSON.stringify(record), "EX", TTL_SECONDS)
      .zadd(INDEX, at, record.id)
      .zremrangebyscore(INDEX, "-inf", this.clock().getTime() - TTL_SECONDS * 1000)
      .exec();
    const failed = results?.find(([error]) => error)?.[0];
    if (failed) throw failed;
  }

  async vote(id: string, vote: Vote): Promise<void> {
    await this.redis.set(`feedback:vote:${id}`, vote, "EX", TTL_SECONDS);
  }

  async since(since: Date): Promise<FeedbackEntry[]> {
    const ids = await this.redis.zrangebyscore(INDEX, since.getTime(), "+inf");
    if (ids.length === 0) return [];
    const [records, votes] = await Promise.all([
      this.redis.mget(ids.map((id) => `feedback:answer:${id}`)),
      this.redis.mget(ids.map((id) => `feedback:vote:${id}`)),
    ]);
    const entries: FeedbackEntry[] = [];
    records.forEach((json, i) => {
      if (!json) return;
      try {
        const vote = votes[i];
        entries.push(
          withVote(JSON.parse(json) as AnswerRecord, vote === "up" || vote === "down" ? vote : undefined),
        );
      } catch {}
    });
    return entries.sort(newestFirst);
  }
}
