import { type Logger, pino } from "pino";

/**
 * The process logger. Paths that could carry a secret are redacted wherever they appear, and logs go
 * to standard error so `ask --json` keeps standard output for its one line per question.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: [
          "*.apiKey",
          "*.token",
          "*.authorization",
          "*.OPENAI_API_KEY",
          "*.TELEGRAM_BOT_TOKEN",
          "*.WEBHOOK_SECRET",
          "*.secret_token",
          "*.REDIS_URL",
          "headers.authorization",
        ],
        censor: "[redacted]",
      },
    },
    pino.destination(2),
  );
}

/** An error as a log field: its name and message only (no stack, no attached context), secrets masked. */
export function safeError(
  error: unknown,
  secrets: (string | undefined)[],
): { name: string; message: string } {
  let message = error instanceof Error ? error.message : String(error);
  for (const secret of secrets) if (secret) message = message.replaceAll(secret, "[redacted]");
  return { name: error instanceof Error ? error.name : typeof error, message };
}
