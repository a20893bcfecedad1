/**
 * The web server as `npm start` runs it with WEB_PORT, on an ephemeral loopback port: the real
 * assistant over the loopback model server (or the table alone), real HTTP.
 */
import { fileURLToPath } from "node:url";
import pino from "pino";
import { createAssistant } from "../../src/answer/assistant.ts";
import { loadConfig } from "../../src/config.ts";
import { type FeedbackStore, MemoryFeedback } from "../../src/ports/feedback.ts";
import type { RequestTimeouts } from "../../src/web/server.ts";
import { type RunningWeb, startWeb } from "../../src/web/start.ts";
import type { OpenAITestServer } from "../support/openai-server.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const API_KEY = "sk-shenbao-test-key-0001";
export const ADMIN_KEY = "admin-shenbao-test-key-01";

export interface TestWeb {
  url: string;
  feedback: FeedbackStore;
  web: RunningWeb;
  close(): Promise<void>;
}

/** Starts the web server; `model` plugs in the loopback model server, `env` overrides settings. */
export async function startTestWeb(
  options: {
    model?: OpenAITestServer;
    env?: Record<string, string>;
    feedback?: FeedbackStore;
    timeouts?: RequestTimeouts;
  } = {},
): Promise<TestWeb> {
  const config = loadConfig({
    CORPUS_DIR: `${ROOT}corpus`,
    PROMPTS_DIR: `${ROOT}prompts`,
    LOCALES_DIR: `${ROOT}locales`,
    HOST: "127.0.0.1",
    WEB_PORT: "0",
    API_KEYS: API_KEY,
    ADMIN_API_KEY: ADMIN_KEY,
    DAILY_TOKEN_BUDGET: "0",
    ...(options.model
      ? { OPENAI_API_KEY: options.model.apiKey, OPENAI_BASE_URL: options.model.url, OPENAI_MODEL: "gpt-test" }
      : {}),
    ...options.env,
  });
  const logger = pino({ level: "silent" });
  const assistant = createAssistant(config, logger);
  const feedback = options.feedback ?? new MemoryFeedback();
  const web = await startWeb(assistant, config, logger, { feedback }, options.timeouts);
  return { url: `http://127.0.0.1:${web.port}`, feedback, web, close: () => web.stop(1_000) };
}
