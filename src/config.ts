import { z } from "zod";

const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? "")
      .split(/[\s,]+/)
      .filter(Boolean)
      .map(Number),
  )
  .refine((ids) => ids.every(Number.isSafeInteger), "must be a comma-separated list of numeric Telegram ids");
const optionalString = z
  .string()
  .optional()
  .transform((s) => (s?.trim() ? s.trim() : undefined));
const int = (fallback: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/**
 * Every setting the assistant reads, validated at start-up; a bad value stops it with the variable's name.
 * `.env.example` documents each one.
 */
export const ConfigSchema = z.object({
  CORPUS_DIR: z.string().default("corpus"),
  PROMPTS_DIR: z.string().default("prompts"),
  LOCALES_DIR: z.string().default("locales"),
  /** Which plan year to serve when corpus/ holds several tables; the newest by default. */
  CORPUS_EDITION: z.coerce.number().int().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  OPENAI_API_KEY: optionalString,
  OPENAI_BASE_URL: optionalString.pipe(z.url().optional()),
  OPENAI_MODEL: z.string().default("gpt-4o-mini"),
  /** The most one answer may wait on the model, a stalled stream included. */
  OPENAI_TIMEOUT_MS: int(30_000, 1_000, 30_000),
  OPENAI_MAX_TOKENS: int(900, 50, 8_000),
  OPENAI_TEMPERATURE: z.coerce.number().min(0).max(2).default(0.3),
  /** Conversation history the model sees, in (estimated) tokens. */
  HISTORY_TOKENS: int(400, 0, 8_000),
  /** Model tokens (prompt + completion) one user may spend per day; 0 means no limit. */
  DAILY_TOKEN_BUDGET: int(60_000),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalString.pipe(z.url().optional()),
  ALLOWED_USER_IDS: list,
  ALLOWED_CHAT_IDS: list,
  ADMIN_IDS: list,
  /** Questions per user per minute. */
  RATE_LIMIT_PER_MINUTE: int(12, 1),
  MAX_QUESTION_LENGTH: int(1_000, 10),
  /** How long a stop waits for answers in flight. */
  SHUTDOWN_GRACE_MS: int(10_000, 0),
});

export type Config = z.infer<typeof ConfigSchema>;

/** A configuration problem, worded for the person starting the assistant. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Validates an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  return parsed.data;
}
