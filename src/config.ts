import { config as loadDotenv } from "dotenv";
import * as z from "zod";

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
  /** The wait for the model's first streamed event (headers and one retry included). */
  OPENAI_TIMEOUT_MS: int(30_000, 1_000, 600_000),
  /** Silence allowed between two streamed events; OPENAI_TIMEOUT_MS when unset. Reasoning deltas count. */
  OPENAI_IDLE_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(600_000).optional(),
  /** The whole answer, for slow providers and local models too. */
  OPENAI_ANSWER_TIMEOUT_MS: int(300_000, 1_000, 3_600_000),
  OPENAI_MAX_TOKENS: int(900, 50, 32_000),
  /** "default": send no temperature (required by OpenAI's o-series and GPT-5). */
  OPENAI_TEMPERATURE: z
    .union([z.literal("default"), z.coerce.number().min(0).max(2)])
    .default(0.3)
    .transform((t) => (t === "default" ? undefined : t)),
  /** Which field carries the length limit; auto: by model name, switched once on the provider's HTTP 400. */
  OPENAI_TOKEN_PARAMETER: z.enum(["auto", "max_tokens", "max_completion_tokens"]).default("auto"),
  /** Conversation history the model sees, in (estimated) tokens. */
  HISTORY_TOKENS: int(400, 0, 8_000),
  /** Model tokens (prompt + completion) one user may spend per day; 0 means no limit. */
  DAILY_TOKEN_BUDGET: int(60_000),

  /** Drafts sent for review go to the model provider when one is set; false keeps them to the table's review. */
  DRAFTS_TO_MODEL: z.stringbool().default(true),

  TELEGRAM_BOT_TOKEN: optionalString,
  TELEGRAM_API_ROOT: optionalString.pipe(z.url().optional()),
  ALLOWED_USER_IDS: list,
  ALLOWED_CHAT_IDS: list,
  ADMIN_IDS: list,
  /** Questions per user per minute. */
  RATE_LIMIT_PER_MINUTE: int(12, 1),
  /** Commands and button presses per user per minute (answered from the table, so cheaper). */
  COMMANDS_PER_MINUTE: int(30, 1),
  /**
   * Messages this process sends per second over all chats. Telegram allows about 30 per bot; with
   * several instances, give each its share (e.g. 14 for two).
   */
  TELEGRAM_SENDS_PER_SECOND: int(28, 1, 30),
  MAX_QUESTION_LENGTH: int(1_000, 10),
  /** How long a stop waits for answers in flight. */
  SHUTDOWN_GRACE_MS: int(10_000, 0),

  /** Long polling (one instance) or a webhook behind a reverse proxy (one or more instances). */
  BOT_MODE: z.enum(["polling", "webhook"]).default("polling"),
  /** The public HTTPS address Telegram posts updates to; the path is served as is. */
  WEBHOOK_URL: optionalString.pipe(z.url().startsWith("https://", "must be an https:// URL").optional()),
  /** Sent by Telegram with every update (X-Telegram-Bot-Api-Secret-Token); other requests are refused. */
  WEBHOOK_SECRET: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{16,256}$/, "must be 16–256 characters of A–Z a–z 0–9 _ - (openssl rand -hex 32)")
      .optional(),
  ),
  /** Where the webhook server listens (the reverse proxy forwards to it). */
  HOST: z.string().default("0.0.0.0"),
  /** Open connections the webhook server accepts at most; more are closed at once. */
  WEBHOOK_MAX_CONNECTIONS: int(256, 1, 100_000),
  PORT: int(8080, 0, 65_535),

  /** The web chat, the OpenAI-compatible API, the admin page and /metrics listen here (on HOST); unset = off. */
  WEB_PORT: z.coerce.number().int().min(0).max(65_535).optional(),
  /** Bearer keys for /v1 (the OpenAI-compatible API); none set = the API is off. */
  API_KEYS: z
    .string()
    .optional()
    .transform((s) => (s ?? "").split(/[\s,]+/).filter(Boolean))
    .refine((keys) => keys.every((k) => k.length >= 16), "each key must be at least 16 characters"),
  /** Questions per API key per minute. */
  API_RATE_LIMIT_PER_MINUTE: int(30, 1),
  /** Questions per web visitor (IP address) per minute. */
  WEB_RATE_LIMIT_PER_MINUTE: int(12, 1),
  /** Behind a reverse proxy: take the visitor's address from X-Forwarded-For (for WEB_RATE_LIMIT_PER_MINUTE). */
  WEB_TRUST_PROXY: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
  /** The key of the web admin page (/admin: feedback and unanswered questions); unset = no admin page. */
  ADMIN_API_KEY: optionalString.pipe(z.string().min(16, "must be at least 16 characters").optional()),

  /** Conversations on disk when REDIS_URL is not set. */
  SESSION_DIR: z.string().default("data/sessions"),
  /** A conversation nobody continued for this many days is deleted. */
  SESSION_TTL_DAYS: int(30, 1, 3_650),
  /** Sessions, rate limits, token budgets and /stats in Redis, shared by every instance. */
  REDIS_URL: optionalString.pipe(
    z.url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL" }).optional(),
  ),
});

type Settings = z.infer<typeof ConfigSchema>;
type Common = Omit<Settings, "BOT_MODE" | "WEBHOOK_URL" | "WEBHOOK_SECRET">;
/** Long polling: the webhook's address and secret are not used. */
export type PollingConfig = Common & { BOT_MODE: "polling"; WEBHOOK_URL?: string; WEBHOOK_SECRET?: string };
/** Webhook mode: validation guarantees its address and secret, so code given a WebhookConfig never checks again. */
export type WebhookConfig = Common & { BOT_MODE: "webhook"; WEBHOOK_URL: string; WEBHOOK_SECRET: string };
/** Every setting, narrowed by BOT_MODE. */
export type Config = PollingConfig | WebhookConfig;

/** A configuration problem, worded for the person starting the assistant. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Webhook mode cannot start without its address and secret (say which is missing), nor share its port with the web. */
const CheckedConfigSchema = ConfigSchema.superRefine((config, ctx) => {
  if (config.BOT_MODE !== "webhook") return;
  if (config.WEB_PORT !== undefined && config.WEB_PORT !== 0 && config.WEB_PORT === config.PORT)
    ctx.addIssue({
      code: "custom",
      path: ["WEB_PORT"],
      message: "must differ from PORT (the webhook's port)",
    });
  for (const name of ["WEBHOOK_URL", "WEBHOOK_SECRET"] as const) {
    if (!config[name])
      ctx.addIssue({ code: "custom", path: [name], message: "required when BOT_MODE=webhook" });
  }
});

/** Validates an environment (process.env by default). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // A variable left blank in .env (`PORT=`) means "not set", so it gets its default rather than 0.
  const set = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ""),
  );
  const parsed = CheckedConfigSchema.safeParse(set);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n  ${lines.join("\n  ")}`);
  }
  // The refinement above guarantees what WebhookConfig promises.
  return parsed.data as Config;
}

/** The secrets a configuration holds, by variable, for the logger to take out of every line. */
export function secretsOf(config: Config): Record<string, string | undefined> {
  return {
    TELEGRAM_BOT_TOKEN: config.TELEGRAM_BOT_TOKEN,
    OPENAI_API_KEY: config.OPENAI_API_KEY,
    WEBHOOK_SECRET: config.WEBHOOK_SECRET,
    REDIS_URL: config.REDIS_URL,
    ADMIN_API_KEY: config.ADMIN_API_KEY,
    ...Object.fromEntries(config.API_KEYS.map((key, i) => [`API_KEY_${i}`, key])),
  };
}

/**
 * Reads .env and the environment over `defaults` and validates them; a bad variable ends the process
 * with one line naming it (for the programs `npm start` and `npm run ask`).
 */
export function configFromEnvironment(defaults: Record<string, string> = {}): Config {
  loadDotenv({ quiet: true });
  try {
    return loadConfig({ ...defaults, ...process.env });
  } catch (error) {
    process.stderr.write(`申报助手: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
