import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { loadCorpus } from "../corpus/load.ts";
import type { Direction, Edition } from "../corpus/types.ts";
import { loadTexts, say, type Texts } from "../i18n.ts";
import { factGuardRemovalsTotal, modelFailuresTotal } from "../metrics.ts";
import { MemoryTokenBudget, type TokenBudget } from "../ports/token-budget.ts";
import { prepareTraditional } from "../search/chinese-script.ts";
import { comparesExplicitly } from "../search/intent.ts";
import { type Retrieval, Retriever } from "../search/retrieve.ts";
import { checklist } from "./checklist.ts";
import { askedKinds } from "./fact-guard.ts";
import { answerLanguage, traditional, writesTraditional } from "./language.ts";
import { type ChatMessage, ChatModel } from "./llm.ts";
import { type ModelOutcome, runModel } from "./model-answer.ts";
import {
  answerGrounding,
  catalogueText,
  directionsText,
  factNotice,
  isListQuestion,
} from "./model-context.ts";
import { loadPrompts, type Prompts, render } from "./prompts.ts";
import { findDocument, requestLabel, requestRetrieval, type ShowRequest } from "./show.ts";
import { TableAnswerer } from "./table-answer.ts";
import { estimateTokens } from "./tokens.ts";
import type { Answer, AnswerStatus, AnswerStream, AskOptions, Language, TokenUsage, Turn } from "./types.ts";

/** At most this many directions are given to the model in full. */
const MAX_CONTEXT_DIRECTIONS = 3;
/** A runner-up this close to the best is given to the model too. */
const CONTEXT_RUNNER_UP = 0.6;
/** A question about IP or the plan: worth the model's judgement over the catalogue when search found nothing. */
const ABOUT_THE_PLAN =
  /知识产权|专利|商标|版权|著作权|商业秘密|标准|申报|推进计划|工信部|工业和信息化部|课题|\b(?:ip|patents?|trademarks?|copyright|trade secrets?|standards?|sep|miit|proposal)\b/i;
/** Words that make a short question lean on the previous turn: 它, 这个, 那…呢, why, it. */
const FOLLOW_UP =
  /它|这个|那个|这两个|上面|刚才|前面|该方向|此方向|^那|呢[？?]?$|为什么|\b(?:it|this|that|these|those|them|above|why)\b/;

export interface AssistantParts {
  edition: Edition;
  texts: Record<Language, Texts>;
  prompts: Prompts;
  model?: ChatModel;
  budget: TokenBudget;
  logger: Logger;
  historyTokens: number;
}

/**
 * The assistant every adapter talks to: a question (and the conversation so far) in, a streamed answer
 * out, grounded in the table and citing its directions. With a model it writes the answer; without one,
 * or when the model fails, the table answers by itself.
 */
export class Assistant {
  private parts: AssistantParts;
  retriever: Retriever;
  table: TableAnswerer;
  /** Claims the fact guard removed from model answers since start-up (for /stats and logs). */
  removedClaims = 0;

  constructor(parts: AssistantParts) {
    this.parts = parts;
    this.retriever = new Retriever(parts.edition);
    this.table = new TableAnswerer(parts.edition, parts.texts);
  }

  get edition(): Edition {
    return this.parts.edition;
  }

  get texts(): Record<Language, Texts> {
    return this.parts.texts;
  }

  get budget(): TokenBudget {
    return this.parts.budget;
  }

  get hasModel(): boolean {
    return this.parts.model !== undefined;
  }

  /** The configured model, for features that write with it beside answers (draft reviews). */
  get model(): ChatModel | undefined {
    return this.parts.model;
  }

  get logger(): Logger {
    return this.parts.logger;
  }

  /**
   * Builds now what the first answers would otherwise build while others wait (a burst stalls as long):
   * the traditional-character tables and the pinyin spellings. The process calls it once it serves.
   */
  prepare(): void {
    prepareTraditional();
    this.retriever.prepare();
  }

  /** Swaps in freshly loaded corpus, prompts and texts; the model, budget and history size stay. */
  replace(parts: Omit<AssistantParts, "model" | "budget" | "logger" | "historyTokens">): void {
    const retriever = new Retriever(parts.edition);
    retriever.prepare();
    const table = new TableAnswerer(parts.edition, parts.texts);
    this.parts = { ...this.parts, ...parts };
    this.retriever = retriever;
    this.table = table;
  }

  /** Answers a question; iterate the result for text as it is generated. */
  ask(question: string, options: AskOptions & { tableOnly?: boolean } = {}): AnswerStream {
    return this.answerStream(question, options);
  }

  /**
   * Answers a typed request — a card, tips, policy basis, the directions citing a document (by its
   * stable id), the overview — without phrasing a sentence for the parser. For adapters' buttons.
   * The answer rejects with UnknownRequestError for a direction or document the table does not have.
   */
  show(request: ShowRequest, options: AskOptions & { tableOnly?: boolean } = {}): AnswerStream {
    const language = options.language ?? options.preferredLanguage ?? "zh";
    const entry = request.kind === "citing" ? findDocument(this.retriever, request.documentId) : undefined;
    const label = requestLabel(request, language, entry?.document.title);
    return this.answerStream(label, { ...options, language }, () =>
      requestRetrieval(this.retriever, request, label),
    );
  }

  private answerStream(
    question: string,
    options: AskOptions & { tableOnly?: boolean },
    typed?: () => Retrieval,
  ): AnswerStream {
    const channel = new Channel();
    const answer = this.produce(question, options, channel, typed).then(
      (a) => {
        channel.close();
        return { ...a, text: channel.shown(a.text) };
      },
      (error: unknown) => {
        channel.close();
        throw error;
      },
    );
    answer.catch(() => {});
    return {
      answer,
      [Symbol.asyncIterator]: () => channel.iterate(),
      onStatus: (listener) => channel.onStatus(listener),
    };
  }

  /** Retrieval for a question in a conversation: follow-ups lean on the directions of the last turn. */
  retrieve(question: string, history: Turn[] = []): Retrieval {
    const retrieval = this.retriever.retrieve(question);
    const last = history.at(-1)?.directions.filter((id) => this.retriever.direction(id)) ?? [];
    if (last.length === 0) return retrieval;
    const u = retrieval.understanding;
    const pin = (ids: number[]): Retrieval => ({ understanding: u, matches: this.retriever.pinned(ids) });
    // "和第7个比呢？": one number named in a comparison means "compared with what we were discussing".
    if (
      comparesExplicitly(u.normalized) &&
      u.directionRefs.length === 1 &&
      last[0] !== u.directionRefs[0] &&
      u.intent !== "policy" &&
      u.intent !== "tips"
    ) {
      u.intent = "compare";
      return pin([last[0] as number, ...u.directionRefs]);
    }
    // "那它的政策依据呢？": nothing specific asked, so it is about the previous directions.
    if (retrieval.outOfScope === "unrelated" && (FOLLOW_UP.test(u.normalized) || u.intent !== "topic")) {
      return pin(u.intent === "compare" ? last.slice(0, 2) : last.slice(0, 1));
    }
    return retrieval;
  }

  private async produce(
    question: string,
    options: AskOptions & { tableOnly?: boolean },
    channel: Channel,
    typed?: () => Retrieval,
  ): Promise<Answer> {
    let out = channel;
    const { logger, model, budget } = this.parts;
    const history = options.history ?? [];
    const retrieval = typed ? typed() : this.retrieve(question, history);
    const u = retrieval.understanding;
    const language: Language =
      options.language ?? answerLanguage(question, options.preferredLanguage, history);
    u.language = language;
    // Someone who writes traditional characters reads the answer in them: same wording, other script.
    if (language === "zh" && writesTraditional(question)) out = out.converted(traditional);
    const base = {
      question,
      language,
      directions: retrieval.matches.map((m) => ({
        id: m.direction.id,
        title: m.direction.title,
        score: round(m.score),
      })),
      ...(retrieval.outOfScope ? { outOfScope: retrieval.outOfScope } : {}),
    };
    const table = this.table.answer(retrieval);
    const extractive = (notice?: string): Answer => {
      const footer = this.table.sources(language, table.citations);
      const text = [notice, table.body, footer].filter(Boolean).join("\n\n");
      return { ...base, mode: "extractive", citations: table.citations, text, ...(notice ? { notice } : {}) };
    };

    // Search found no direction but the question is about IP or the plan: the model judges from the catalogue.
    const unsure =
      retrieval.outOfScope === "unrelated" && ABOUT_THE_PLAN.test(u.normalized) && model !== undefined;
    if (
      !model ||
      options.tableOnly ||
      (retrieval.outOfScope && !unsure) ||
      (retrieval.matches.length === 0 && !unsure)
    ) {
      const answer = extractive();
      out.push(answer.text);
      return answer;
    }
    const userId = options.userId ?? "anonymous";
    // A budget store that cannot be read (Redis restarting) does not cost the user the answer.
    const remaining = await budget.remaining(userId).catch((error: Error) => {
      logger.warn({ reason: error.message }, "token budget unreadable; answering anyway");
      return Number.POSITIVE_INFINITY;
    });
    if (remaining <= 0) {
      const answer = extractive(say(this.texts[language], "budgetExhausted"));
      out.push(answer.text);
      return answer;
    }

    const given = this.contextDirections(retrieval);
    const messages = this.messages(retrieval, given, history, language);
    // Adapters can show at once which rows the answer is being written from.
    out.status(
      "reading",
      given.map((d) => d.id),
    );
    const t = this.texts[language];
    const run = (attempt: ChatMessage[]) =>
      runModel(
        {
          model,
          messages: attempt,
          language,
          given: given.map((d) => d.id),
          exists: (id) => this.retriever.direction(id) !== undefined,
          grounding: answerGrounding(this.edition, given),
          asked: askedKinds(u.normalized),
          notice: (kind) => factNotice(t, kind),
          ...(options.signal ? { signal: options.signal } : {}),
        },
        { push: (text) => out.push(text), status: (status) => out.status(status) },
      );
    const started = Date.now();
    let outcome = await run(messages);
    // A Chinese question answered in English is asked once more, with the instruction repeated.
    if (outcome.ending === "wrong-language") {
      await this.record(userId, messages, outcome.written, outcome.usage);
      // Into the system message: some chat templates (local servers) accept a system message only first.
      const again: ChatMessage[] = messages.map((m, i) =>
        i === 0 ? { ...m, content: `${m.content}\n\n${this.parts.prompts.language}` } : m,
      );
      outcome = await run(again);
      if (outcome.ending === "wrong-language") {
        logger.warn({ model: model.model }, "model answered in another language twice; table answers");
        await this.record(userId, again, outcome.written, outcome.usage);
        const answer = extractive();
        out.push(answer.text);
        return answer;
      }
    }
    this.countRemovals(outcome);
    const shown = outcome.shown.trim();
    if (outcome.ending === "failed" && !shown) {
      const error = outcome.error;
      modelFailuresTotal.inc({ kind: error?.kind ?? "unexpected" });
      logger.warn(
        { kind: error?.kind, status: error?.status, ms: Date.now() - started, model: model.model },
        "model answer failed; table answers",
      );
      const answer = extractive(say(t, "llmUnavailable"));
      out.push(answer.text);
      // A provider that failed before writing anything has billed nothing; only text it wrote is charged.
      if (outcome.written) await this.record(userId, messages, outcome.written, undefined);
      return answer;
    }
    if (outcome.ending === "failed") {
      modelFailuresTotal.inc({ kind: outcome.error?.kind ?? "unexpected" });
      logger.warn(
        { kind: outcome.error?.kind, ms: Date.now() - started, model: model.model, chars: shown.length },
        "model answer broke off; the text shown so far stays",
      );
    }

    const cited = [...outcome.cited, ...outcome.mentioned];
    const citations = cited.length > 0 ? cited : given.map((d) => d.id);
    const ending =
      outcome.ending === "cut-off" ? "cut-off" : outcome.ending === "failed" ? "interrupted" : undefined;
    const closing = [
      ending === "cut-off" ? say(t, "cutOff") : ending === "interrupted" ? say(t, "interrupted") : "",
      // A programme question (deadline, funding, eligibility) the model answered from the directions:
      // the table does not say this, whatever the model wrote, and MIIT's notice does.
      u.programme ? say(t, "notInTable") : "",
      say(t, "modelDisclaimer", { edition: this.edition.table.title }),
      this.table.sources(language, citations),
    ].filter(Boolean);
    const tail = `\n\n${closing.join("\n\n")}`;
    out.push(tail);
    const spent = await this.record(userId, messages, outcome.written, outcome.usage);
    return {
      ...base,
      mode: "llm",
      citations,
      text: `${shown}${tail}`,
      usage: spent,
      ...(outcome.removals.length > 0 ? { removedClaims: outcome.removals.length } : {}),
      ...(ending ? { ending } : {}),
    };
  }

  /** Counts and logs what the fact guard removed: kinds and numbers only, never the removed text. */
  private countRemovals(outcome: ModelOutcome): void {
    if (outcome.removals.length === 0) return;
    this.removedClaims += outcome.removals.length;
    const kinds: Record<string, number> = {};
    for (const r of outcome.removals) {
      kinds[r.kind] = (kinds[r.kind] ?? 0) + 1;
      factGuardRemovalsTotal.inc({ kind: r.kind });
    }
    this.parts.logger.info(
      { removed: outcome.removals.length, kinds, total: this.removedClaims },
      "fact guard removed unsupported claims",
    );
  }

  /** Logs and charges the tokens of one model call (estimated when the API gave none). */
  private async record(userId: string, messages: ChatMessage[], completion: string, usage?: TokenUsage) {
    const spent = usage ?? {
      prompt: messages.reduce((n, m) => n + estimateTokens(m.content), 0),
      completion: estimateTokens(completion),
      estimated: true,
    };
    this.parts.logger.info({ tokens: spent }, "model usage");
    // The answer is written already; a store that cannot count it must not take it away.
    await this.parts.budget
      .spend(userId, spent.prompt + spent.completion)
      .catch((error: Error) => this.parts.logger.warn({ reason: error.message }, "token budget not updated"));
    return spent;
  }

  /** The directions given to the model in full: what was pinned, or the best and a close runner-up. */
  contextDirections(retrieval: Retrieval): Direction[] {
    const [best] = retrieval.matches;
    if (!best) return [];
    // A list question (which directions cite X, an overview, 7 vs 8 vs 9…) needs every row it lists.
    if (isListQuestion(retrieval)) return retrieval.matches.map((m) => m.direction);
    const pinned = retrieval.matches.every((m) => m.score === 1 && m.matched.length === 0);
    const kept = pinned
      ? retrieval.matches
      : retrieval.matches.filter((m, i) => i === 0 || m.score >= best.score * CONTEXT_RUNNER_UP);
    return kept.slice(0, MAX_CONTEXT_DIRECTIONS).map((m) => m.direction);
  }

  /** The chat messages for one answer: system rules, then the grounding and the question as data. */
  messages(retrieval: Retrieval, given: Direction[], history: Turn[], language: Language): ChatMessage[] {
    const { prompts, edition } = this.parts;
    const u = retrieval.understanding;
    const directions = directionsText(edition, given, language, isListQuestion(retrieval));
    const catalogue = catalogueText(edition, language);
    const values = {
      catalogue,
      directions,
      history: this.historyText(history),
      question: asData(u.question),
    };
    const tips = u.intent === "tips" ? given[0] : undefined;
    const user = tips
      ? render(prompts.tips, { ...values, checklist: checklistText(tips) })
      : render(prompts.answer, values);
    return [
      { role: "system", content: render(prompts.system, { edition: edition.table.title }) },
      { role: "user", content: user },
    ];
  }

  /** The latest turns that fit the history budget, oldest first; long answers are shortened. */
  private historyText(history: Turn[]): string {
    const lines: string[] = [];
    let budget = this.parts.historyTokens;
    for (const turn of [...history].reverse()) {
      const answer = asData(turn.answer).replace(/\s+/g, " ").slice(0, 160);
      const line = `用户：${asData(turn.question).replace(/\s+/g, " ").slice(0, 300)}\n助手（引用方向 ${turn.directions.join(",") || "无"}）：${answer}`;
      const cost = estimateTokens(line);
      if (cost > budget) break;
      budget -= cost;
      lines.unshift(line);
    }
    return lines.join("\n") || "（无）";
  }
}

/** The prompt's own block tags, in any case, removed from user text so it cannot close or open a block. */
const BLOCK_TAG = /<\s*\/?\s*(?:question|history|directions|catalogue|checklist)\s*>/gi;

function asData(text: string): string {
  // Until nothing changes: removing `</question>` from `</que</question>stion>` leaves another one.
  let previous: string;
  let current = text;
  do {
    previous = current;
    current = current.replace(BLOCK_TAG, "");
  } while (current !== previous);
  return current;
}

function checklistText(direction: Direction): string {
  const c = checklist(direction);
  return [
    `研究范围：${c.scope}`,
    `研究重点：${c.focus.join("；")}`,
    `预期成果：${c.outputs.join("；")}`,
    `政策依据：${direction.policyBasis}`,
  ].join("\n");
}

function round(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** A one-producer, one-consumer queue of text deltas. */
class Channel {
  private readonly chunks: string[] = [];
  private closed = false;
  private wake?: () => void;
  private listeners: ((status: AnswerStatus, directions: readonly number[]) => void)[] = [];
  private current: AnswerStatus = "writing";
  private directions: readonly number[] = [];

  onStatus(listener: (status: AnswerStatus, directions: readonly number[]) => void): void {
    this.listeners.push(listener);
    if (this.current !== "writing") listener(this.current, this.directions);
  }

  status(status: AnswerStatus, directions: readonly number[] = this.directions): void {
    if (status === this.current) return;
    this.current = status;
    this.directions = directions;
    for (const listener of this.listeners) listener(status, directions);
  }

  private transform = (text: string) => text;

  push(text: string): void {
    if (!text) return;
    this.chunks.push(this.transform(text));
    this.wake?.();
  }

  /** This channel, its text shown through `transform` from now on (traditional characters). */
  converted(transform: (text: string) => string): Channel {
    this.transform = transform;
    return this;
  }

  /** What a finished answer's text looks like once shown. */
  shown(text: string): string {
    return this.transform(text);
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *iterate(): AsyncGenerator<string> {
    for (;;) {
      const next = this.chunks.shift();
      if (next !== undefined) yield next;
      else if (this.closed) return;
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}

/** Loads everything the assistant serves from the configured folders; throws with the file at fault. */
export function loadParts(
  config: Config,
): Omit<AssistantParts, "model" | "budget" | "logger" | "historyTokens"> {
  const editions = loadCorpus(config.CORPUS_DIR);
  const edition = config.CORPUS_EDITION
    ? editions.find((e) => e.table.year === config.CORPUS_EDITION)
    : editions[0];
  if (!edition) throw new Error(`${config.CORPUS_DIR}: no table for plan year ${config.CORPUS_EDITION}`);
  return { edition, texts: loadTexts(config.LOCALES_DIR), prompts: loadPrompts(config.PROMPTS_DIR) };
}

/** The assistant as configured: a model when OPENAI_API_KEY is set, the table alone otherwise. */
export function createAssistant(config: Config, logger: Logger, budget?: TokenBudget): Assistant {
  const model = config.OPENAI_API_KEY
    ? new ChatModel({
        apiKey: config.OPENAI_API_KEY,
        ...(config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {}),
        model: config.OPENAI_MODEL,
        limits: {
          firstByteMs: config.OPENAI_TIMEOUT_MS,
          idleMs: config.OPENAI_IDLE_TIMEOUT_MS ?? config.OPENAI_TIMEOUT_MS,
          totalMs: config.OPENAI_ANSWER_TIMEOUT_MS,
        },
        maxTokens: config.OPENAI_MAX_TOKENS,
        ...(config.OPENAI_TEMPERATURE !== undefined ? { temperature: config.OPENAI_TEMPERATURE } : {}),
        tokenParameter: config.OPENAI_TOKEN_PARAMETER,
      })
    : undefined;
  return new Assistant({
    ...loadParts(config),
    ...(model ? { model } : {}),
    budget: budget ?? new MemoryTokenBudget(config.DAILY_TOKEN_BUDGET),
    logger,
    historyTokens: config.HISTORY_TOKENS,
  });
}
