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

/** Which request field carries the answer's length limit: OpenAI's o-series and GPT-5 take only the second. */
export type TokenParameter = "max_tokens" | "max_completion_tokens";

/** The three limits of a streamed answer; the SDK's own timeout covers only the wait for headers. */
export interface StreamLimits {
  /** From the request to the first streamed event (headers and a retry included). */
  firstByteMs: number;
  /** Silence between two events once the stream runs; reasoning deltas count as events. */
  idleMs: number;
  /** The whole answer, however steadily it streams. */
  totalMs: number;
}

export interface ChatModelOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  limits: StreamLimits;
  maxTokens: number;
  /** Undefined: the request carries no temperature (the provider's default). */
  temperature?: number;
  /** "auto": by model name, and switched once when the provider rejects the field (HTTP 400). */
  tokenParameter: TokenParameter | "auto";
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

/** One streamed event: text to show, or a sign that a reasoning model is thinking (never shown). */
export type ModelDelta = { kind: "text"; text: string } | { kind: "reasoning" };

/** How a stream ended: the API's usage when it sent one, and its finish reason ("length": cut off). */
export interface ModelEnd {
  usage?: TokenUsage;
  finishReason?: string;
}

/** Models that reject `max_tokens` and any temperature but the default: OpenAI's o-series and GPT-5. */
const REASONING_MODEL = /^(?:openai\/)?(?:o\d|gpt-5)/i;

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

/** What a 400 says is wrong with the request, when it is one of the quirks we can adapt to. */
function quirkOf(error: unknown, sdk: Sdk): "token-parameter" | "temperature" | undefined {
  if (!(error instanceof sdk.APIError) || error.status !== 400) return undefined;
  const text = `${error.message} ${JSON.stringify(error.error ?? {})}`;
  if (/max_completion_tokens|max_tokens/.test(text)) return "token-parameter";
  if (/temperature/i.test(text)) return "temperature";
  return undefined;
}

/**
 * Any OpenAI-compatible chat model (OpenAI, DeepSeek, Qwen/DashScope, a local server), streamed under
 * three limits (first byte, silence, whole answer). Adapts once to a provider that rejects
 * `max_tokens` or the temperature, and remembers it.
 */
export class ChatModel {
  private client?: OpenAI;
  private tokenParameter: TokenParameter;
  private temperature: number | undefined;

  constructor(private readonly options: ChatModelOptions) {
    const reasoning = REASONING_MODEL.test(options.model);
    this.tokenParameter =
      options.tokenParameter === "auto"
        ? reasoning
          ? "max_completion_tokens"
          : "max_tokens"
        : options.tokenParameter;
    this.temperature = reasoning && options.tokenParameter === "auto" ? undefined : options.temperature;
  }

  private async connect(): Promise<{ client: OpenAI; sdk: Sdk }> {
    const sdk = await loadSdk();
    this.client ??= new sdk.OpenAI({
      apiKey: this.options.apiKey,
      baseURL: this.options.baseURL,
      timeout: this.options.limits.firstByteMs,
      // One retry (it honours retry-after); the first-byte limit below bounds it.
      maxRetries: 1,
      logLevel: "off",
    });
    return { client: this.client, sdk };
  }

  get model(): string {
    return this.options.model;
  }

  /**
   * Yields text deltas and reasoning signs; returns usage and finish reason. Throws ModelError, also
   * when a limit runs out midway (the caller keeps what it already showed).
   */
  async *stream(messages: ChatMessage[], signal?: AbortSignal): AsyncGenerator<ModelDelta, ModelEnd> {
    const { limits } = this.options;
    const controller = new AbortController();
    let timedOut = false;
    const expire = () => {
      timedOut = true;
      controller.abort();
    };
    const total = setTimeout(expire, limits.totalMs);
    let silence = setTimeout(expire, limits.firstByteMs);
    const heard = () => {
      clearTimeout(silence);
      silence = setTimeout(expire, limits.idleMs);
    };
    const onAbort = () => controller.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const end: ModelEnd = {};
    let content = 0;
    // The SDK sleeps out a retry-after without watching the signal, so the deadline races the request.
    const deadline = new Promise<never>((_, reject) => {
      const stop = () => reject(new ModelError(timedOut ? "timeout" : "aborted"));
      controller.signal.addEventListener("abort", stop, { once: true });
    });
    deadline.catch(() => {});
    let loaded: Sdk | undefined;
    try {
      const { client, sdk } = await this.connect();
      loaded = sdk;
      const request = () =>
        client.chat.completions.create(
          {
            model: this.options.model,
            messages,
            stream: true,
            stream_options: { include_usage: true },
            [this.tokenParameter]: this.options.maxTokens,
            ...(this.temperature !== undefined ? { temperature: this.temperature } : {}),
          } as OpenAI.Chat.Completions.ChatCompletionCreateParamsStreaming,
          { signal: controller.signal },
        );
      let stream: Awaited<ReturnType<typeof request>> | undefined;
      // At most two adaptations (length field, temperature), each remembered for later answers.
      for (let attempt = 0; !stream; attempt++) {
        try {
          stream = await Promise.race([request(), deadline]);
        } catch (error) {
          const quirk = attempt < 2 ? quirkOf(error, sdk) : undefined;
          if (quirk === "token-parameter")
            this.tokenParameter =
              this.tokenParameter === "max_tokens" ? "max_completion_tokens" : "max_tokens";
          else if (quirk === "temperature" && this.temperature !== undefined) this.temperature = undefined;
          else throw error;
        }
      }
      for await (const chunk of stream) {
        heard();
        if (chunk.usage) {
          end.usage = {
            prompt: chunk.usage.prompt_tokens,
            completion: chunk.usage.completion_tokens,
            estimated: false,
          };
        }
        const choice = chunk.choices[0];
        if (choice?.finish_reason) end.finishReason = choice.finish_reason;
        const delta = choice?.delta as
          | { content?: string | null; reasoning_content?: string | null }
          | undefined;
        if (delta?.reasoning_content) yield { kind: "reasoning" };
        if (delta?.content) {
          content += delta.content.length;
          yield { kind: "text", text: delta.content };
        }
      }
      // The SDK ends the loop quietly when aborted midway; a cut-off answer is not a finished one.
      if (controller.signal.aborted) throw new ModelError(timedOut ? "timeout" : "aborted");
      if (content === 0) throw new ModelError("empty");
      return end;
    } catch (error) {
      throw classify(error, timedOut, loaded);
    } finally {
      clearTimeout(total);
      clearTimeout(silence);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
