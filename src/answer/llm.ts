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

/** A streamed chat completion chunk, as far as it is read here. */
interface CompletionChunk {
  choices?: {
    finish_reason?: string | null;
    delta?: { content?: string | null; reasoning_content?: string | null };
  }[];
  usage?: { prompt_tokens: number; completion_tokens: number } | null;
  error?: unknown;
}

/**
 * The chunks of a server-sent-events body (`data: {...}` lines, events ended by a blank line, `[DONE]`
 * last), read straight from the bytes. `heard` is called for every piece of the body that arrives.
 * An error event from the server, a connection that breaks or a body that is no JSON throws ModelError.
 */
export async function* serverEvents(response: Response, heard: () => void): AsyncGenerator<CompletionChunk> {
  if (!response.body) throw new ModelError("malformed");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let pending = "";
  let data: string[] = [];
  const event = (): CompletionChunk | "done" | undefined => {
    const text = data.join("\n");
    data = [];
    if (text === "") return undefined;
    if (text === "[DONE]") return "done";
    let chunk: CompletionChunk;
    try {
      chunk = JSON.parse(text) as CompletionChunk;
    } catch {
      throw new ModelError("malformed");
    }
    if (chunk && typeof chunk === "object" && chunk.error) throw new ModelError("server");
    return chunk;
  };
  try {
    for (;;) {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch (error) {
        if ((error as Error).name === "AbortError") throw error;
        throw new ModelError("connection");
      }
      if (read.done) break;
      heard();
      pending += decoder.decode(read.value, { stream: true });
      let start = 0;
      for (let end = pending.indexOf("\n"); end >= 0; end = pending.indexOf("\n", start)) {
        const line =
          pending.charCodeAt(end - 1) === 13 ? pending.slice(start, end - 1) : pending.slice(start, end);
        start = end + 1;
        if (line === "") {
          const chunk = event();
          if (chunk === "done") return;
          if (chunk) yield chunk;
        } else if (line.startsWith("data:")) {
          data.push(line.charCodeAt(5) === 32 ? line.slice(6) : line.slice(5));
        }
        // Other fields (event:, id:, retry:) and comments (: keep-alive) carry nothing for a completion.
      }
      pending = pending.slice(start);
    }
    // A body that ends without the blank line still delivers its last event.
    if (pending.startsWith("data:")) data.push(pending.slice(pending.charCodeAt(5) === 32 ? 6 : 5));
    const last = event();
    if (last && last !== "done") yield last;
  } finally {
    reader.cancel().catch(() => {});
  }
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
    // One timer for the silence limit, re-armed only when it fires: a timer per event (hundreds an
    // answer, thousands a second under load) costs more than the events.
    let lastHeard = 0;
    let silence = setTimeout(expire, limits.firstByteMs);
    const heard = () => {
      // The first event turns the first-byte limit into the silence limit.
      if (lastHeard === 0) {
        clearTimeout(silence);
        silence = setTimeout(function check() {
          const quiet = Date.now() - lastHeard;
          if (quiet >= limits.idleMs) expire();
          else silence = setTimeout(check, limits.idleMs - quiet);
        }, limits.idleMs);
      }
      lastHeard = Date.now();
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
      let response: Response | undefined;
      // At most two adaptations (length field, temperature), each remembered for later answers.
      for (let attempt = 0; !response; attempt++) {
        try {
          // The SDK builds and sends the request, retries and maps HTTP errors; the stream itself is read
          // here (serverEvents): the SDK's reader allocated ~5 KB per two-character chunk.
          response = await Promise.race([request().asResponse(), deadline]);
        } catch (error) {
          const quirk = attempt < 2 ? quirkOf(error, sdk) : undefined;
          if (quirk === "token-parameter")
            this.tokenParameter =
              this.tokenParameter === "max_tokens" ? "max_completion_tokens" : "max_tokens";
          else if (quirk === "temperature" && this.temperature !== undefined) this.temperature = undefined;
          else throw error;
        }
      }
      for await (const chunk of serverEvents(response, heard)) {
        if (chunk.usage) {
          end.usage = {
            prompt: chunk.usage.prompt_tokens,
            completion: chunk.usage.completion_tokens,
            estimated: false,
          };
        }
        const choice = chunk.choices?.[0];
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
      // Aborted or timed out while reading: the body's reader rejects with the abort.
      if (controller.signal.aborted && !(error instanceof ModelError))
        throw new ModelError(timedOut ? "timeout" : "aborted");
      throw classify(error, timedOut, loaded);
    } finally {
      clearTimeout(total);
      clearTimeout(silence);
      signal?.removeEventListener("abort", onAbort);
    }
  }
}
