import type OpenAI from "openai";
import type { TokenUsage } from "./types.ts";

type Sdk = typeof import("openai");
let sdk: Promise<Sdk> | undefined;
/** The SDK is loaded on the first model call: it is a fifth of start-up, and `ask` without a key never needs it. */
const loadSdk = (): Promise<Sdk> => {
  sdk ??= import("openai");
  return sdk;
};

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

export interface ChatModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** Total time one answer may take, waiting for headers and a stream that stalls midway alike. */
  timeoutMs: number;
  maxTokens: number;
  temperature: number;
}

/** Why a model call failed, in words safe for a log line: no key, no provider message. */
export class ModelError extends Error {
  override name = "ModelError";
  constructor(
    readonly kind:
      | "timeout"
      | "auth"
      | "rate-limit"
      | "server"
      | "connection"
      | "malformed"
      | "empty"
      | "aborted",
    readonly status?: number,
  ) {
    super(status ? `model ${kind} (HTTP ${status})` : `model ${kind}`);
  }
}

function classify(error: unknown, timedOut: boolean, sdk: Sdk | undefined): ModelError {
  if (error instanceof ModelError) return error;
  if (!sdk) return new ModelError("connection");
  const { APIConnectionTimeoutError, APIError, APIUserAbortError } = sdk;
  if (timedOut || error instanceof APIConnectionTimeoutError) return new ModelError("timeout");
  if (error instanceof APIUserAbortError) return new ModelError("aborted");
  if (error instanceof APIError && error.status !== undefined) {
    const s = error.status;
    return new ModelError(
      s === 401 || s === 403 ? "auth" : s === 429 ? "rate-limit" : s >= 500 ? "server" : "malformed",
      s,
    );
  }
  if (error instanceof APIError) return new ModelError("connection");
  return new ModelError("malformed");
}

/**
 * Any OpenAI-compatible chat model (OpenAI, DeepSeek, Qwen/DashScope, a local server), streamed.
 * The SDK's own timeout covers only the wait for headers, so one deadline covers the whole answer.
 */
export class ChatModel {
  private client?: OpenAI;

  constructor(private readonly options: ChatModelOptions) {}

  private async connect(): Promise<{ client: OpenAI; sdk: Sdk }> {
    const sdk = await loadSdk();
    this.client ??= new sdk.OpenAI({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseURL,
      timeout: this.options.timeoutMs,
      // One retry (it honours retry-after); the deadline below bounds it.
      maxRetries: 1,
      logLevel: "off",
    });
    return { client: this.client, sdk };
  }

  get model(): string {
    return this.options.model;
  }

  /** Yields text deltas; returns the API's usage when it sends one. Throws ModelError. */
  async *stream(
    messages: ChatMessage[],
    signal?: AbortSignal,
  ): AsyncGenerator<string, TokenUsage | undefined> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.options.timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    let usage: TokenUsage | undefined;
    let content = 0;
    // The SDK sleeps out a retry-after without watching the signal, so the deadline races the request.
    const deadline = new Promise<never>((_, reject) => {
      const stop = () => reject(new ModelError(timedOut ? "timeout" : "aborted"));
      controller.signal.addEventListener("abort", stop, { once: true });
    });
    let loaded: Sdk | undefined;
    try {
      const { client, sdk } = await this.connect();
      loaded = sdk;
      const request = client.chat.completions.create(
        {
          model: this.options.model,
          messages,
          stream: true,
          stream_options: { include_usage: true },
          max_tokens: this.options.maxTokens,
          temperature: this.options.temperature,
        },
        { signal: controller.signal },
      );
      const stream = await Promise.race([request, deadline]);
      for await (const chunk of stream) {
        if (chunk.usage) {
          usage = {
            prompt: chunk.usage.prompt_tokens,
            completion: chunk.usage.completion_tokens,
            estimated: false,
          };
        }
        const delta = chunk.choices[0]?.delta?.content;
        if (delta) {
          content += delta.length;
          yield delta;
        }
      }
      // The SDK ends the loop quietly when aborted midway; a cut-off answer is not a finished one.
      if (controller.signal.aborted) throw new ModelError(timedOut ? "timeout" : "aborted");
      if (content === 0) throw new ModelError("empty");
      return usage;
    } catch (error) {
      throw classify(error, timedOut, loaded);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
