import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ConfigSchema, loadConfig } from "../src/config.ts";

const webhook = { BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.org/telegram" };

describe("configuration", () => {
  it("runs by long polling with sessions in data/sessions unless told otherwise", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ BOT_MODE: "polling", SESSION_DIR: "data/sessions", SESSION_TTL_DAYS: 30 });
    expect(config.REDIS_URL).toBeUndefined();
  });

  it("refuses webhook mode without WEBHOOK_URL and WEBHOOK_SECRET, naming both", () => {
    expect(() => loadConfig({ BOT_MODE: "webhook" })).toThrow(
      /WEBHOOK_URL: required when BOT_MODE=webhook[\s\S]*WEBHOOK_SECRET: required when BOT_MODE=webhook/,
    );
  });

  it("refuses a webhook address that is not https, and a guessable secret", () => {
    expect(() => loadConfig({ ...webhook, WEBHOOK_URL: "http://bot.example.org/telegram" })).toThrow(
      /WEBHOOK_URL: must be an https:\/\/ URL/,
    );
    expect(() => loadConfig({ ...webhook, WEBHOOK_SECRET: "secret" })).toThrow(
      /WEBHOOK_SECRET: must be 16–256/,
    );
    expect(() => loadConfig({ ...webhook, WEBHOOK_SECRET: "has spaces in it, 0123456789" })).toThrow(
      /WEBHOOK_SECRET/,
    );
  });

  it("takes webhook mode with its address, secret and port", () => {
    const config = loadConfig({ ...webhook, WEBHOOK_SECRET: "a".repeat(32), PORT: "3000" });
    expect(config).toMatchObject({ BOT_MODE: "webhook", PORT: 3000, HOST: "0.0.0.0" });
  });

  it("accepts only a redis:// or rediss:// REDIS_URL", () => {
    expect(loadConfig({ REDIS_URL: "rediss://:pw@cache.internal:6380/1" }).REDIS_URL).toBe(
      "rediss://:pw@cache.internal:6380/1",
    );
    expect(() => loadConfig({ REDIS_URL: "http://cache.internal" })).toThrow(
      /REDIS_URL: must be a redis:\/\//,
    );
    expect(() => loadConfig({ SESSION_TTL_DAYS: "0" })).toThrow(/SESSION_TTL_DAYS/);
  });
});

describe(".env.example", () => {
  it("lists every variable the configuration reads, and no other", () => {
    const listed = readFileSync(".env.example", "utf8")
      .split("\n")
      .flatMap((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1] ?? []);
    expect(listed.sort()).toEqual(Object.keys(ConfigSchema.shape).sort());
  });
});

describe("model limits and request shape", () => {
  it("separates the first-byte, silence and whole-answer limits; the 30 s cap is gone", () => {
    const defaults = loadConfig({});
    expect(defaults.OPENAI_TIMEOUT_MS).toBe(30_000);
    expect(defaults.OPENAI_IDLE_TIMEOUT_MS).toBeUndefined();
    expect(defaults.OPENAI_ANSWER_TIMEOUT_MS).toBe(300_000);
    expect(defaults.OPENAI_TOKEN_PARAMETER).toBe("auto");
    const local = loadConfig({ OPENAI_TIMEOUT_MS: "120000", OPENAI_IDLE_TIMEOUT_MS: "60000" });
    expect(local.OPENAI_TIMEOUT_MS).toBe(120_000);
    expect(local.OPENAI_IDLE_TIMEOUT_MS).toBe(60_000);
  });

  it('"default" temperature sends none; a wrong token parameter names the variable', () => {
    expect(loadConfig({ OPENAI_TEMPERATURE: "default" }).OPENAI_TEMPERATURE).toBeUndefined();
    expect(loadConfig({ OPENAI_TEMPERATURE: "0.7" }).OPENAI_TEMPERATURE).toBe(0.7);
    expect(() => loadConfig({ OPENAI_TOKEN_PARAMETER: "max" })).toThrow(/OPENAI_TOKEN_PARAMETER/);
  });
});

describe("blank variables", () => {
  it("a variable left blank in .env gets its default, not 0", () => {
    const config = loadConfig({
      DAILY_TOKEN_BUDGET: "",
      PORT: "",
      OPENAI_TEMPERATURE: " ",
      SHUTDOWN_GRACE_MS: "",
    });
    expect(config.DAILY_TOKEN_BUDGET).toBe(60_000);
    expect(config.PORT).toBe(8080);
    expect(config.OPENAI_TEMPERATURE).toBe(0.3);
    expect(config.SHUTDOWN_GRACE_MS).toBe(10_000);
  });
});

describe("web configuration", () => {
  it("keeps the web, the API and the admin page off unless their variables are set", () => {
    const config = loadConfig({});
    expect(config.WEB_PORT).toBeUndefined();
    expect(config.API_KEYS).toEqual([]);
    expect(config.ADMIN_API_KEY).toBeUndefined();
  });

  it("takes API keys as a list and refuses short ones, naming the variable", () => {
    expect(loadConfig({ API_KEYS: "sk-aaaaaaaaaaaaaaaa, sk-bbbbbbbbbbbbbbbb" }).API_KEYS).toEqual([
      "sk-aaaaaaaaaaaaaaaa",
      "sk-bbbbbbbbbbbbbbbb",
    ]);
    expect(() => loadConfig({ API_KEYS: "short" })).toThrow(/API_KEYS: each key must be at least 16/);
    expect(() => loadConfig({ ADMIN_API_KEY: "short" })).toThrow(/ADMIN_API_KEY: must be at least 16/);
  });

  it("refuses a WEB_PORT equal to the webhook's PORT", () => {
    expect(() =>
      loadConfig({ ...webhook, WEBHOOK_SECRET: "a".repeat(32), PORT: "8080", WEB_PORT: "8080" }),
    ).toThrow(/WEB_PORT: must differ from PORT/);
  });
});
