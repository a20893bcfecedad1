import { type Logger, pino } from "pino";

/** The secrets of this process, as they could appear in text: raw, JSON-escaped, URL-encoded. */
let secretForms: string[] = [];

/**
 * The one place secrets are taken out of text: every log line passes through it (pino's `streamWrite`
 * hook sees each line whole, whatever field or message carries the secret), and so does the one line
 * start-up prints before it exits. A token echoed by a proxy in an error description, an API key in a
 * library's message, a Redis password in a URL: all come out as `[redacted]`.
 */
export function redact(text: string): string {
  let out = text;
  for (const form of secretForms) if (out.includes(form)) out = out.replaceAll(form, "[redacted]");
  return out;
}

/**
 * Registers what `redact` removes: the bot token (and its secret half, which is what identifies it),
 * the model API key, the webhook secret, and REDIS_URL's password. Called once the configuration is read.
 */
export function registerSecrets(secrets: { [name: string]: string | undefined }): void {
  const values = new Set<string>();
  for (const [name, value] of Object.entries(secrets)) {
    if (!value) continue;
    if (name === "REDIS_URL") {
      try {
        const password = decodeURIComponent(new URL(value).password);
        if (password) values.add(password);
      } catch {}
      continue;
    }
    values.add(value);
    // A bot token is `<bot id>:<secret>`; the id is public, the secret half alone identifies the bot.
    if (name === "TELEGRAM_BOT_TOKEN" && value.includes(":")) values.add(value.slice(value.indexOf(":") + 1));
  }
  const forms = new Set<string>();
  for (const value of values) {
    if (value.length < 4) continue; // too short to tell from ordinary text
    forms.add(value);
    forms.add(JSON.stringify(value).slice(1, -1));
    forms.add(encodeURIComponent(value));
  }
  // Longest first, so a whole token goes before the half it contains.
  secretForms = [...forms].sort((a, b) => b.length - a.length);
}

/**
 * The process logger. Every line goes through `redact`; paths that could carry a secret are masked as
 * well, and logs go to standard error so `ask --json` keeps standard output for its one line per question.
 */
export function createLogger(
  level: string,
  secrets: { [name: string]: string | undefined } = {},
  destination: pino.DestinationStream = pino.destination(2),
): Logger {
  registerSecrets(secrets);
  return pino(
    {
      level,
      base: undefined,
      hooks: { streamWrite: redact },
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
    destination,
  );
}

/**
 * An error as a log field: its name and message, plus Telegram's method, code and description (a
 * GrammyError) or what the network said (an HttpError's cause); never a stack or attached context.
 * Secrets need no care here: every log line passes through `redact` on its way out.
 */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const e = error as Error & { method?: string; error_code?: number; description?: string; error?: unknown };
  if (typeof e.error_code === "number")
    return { name: e.name, method: e.method, code: e.error_code, description: e.description };
  if (e.error !== undefined)
    return {
      name: e.name,
      message: e.message,
      cause: e.error instanceof Error ? e.error.message : String(e.error),
    };
  return { name: e.name, message: e.message };
}
