/// <reference path="./assets.d.ts" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import "./style.css";
import { type STRINGS, say, type UiLanguage } from "./texts.ts";

/** The web chat: plain DOM over /api (directions, tips, ask as server-sent events, feedback). */

interface DirectionCard {
  id: number;
  title: string;
  titleEn: string;
  focus: { zh: string; en: string };
  suggestion: string;
  policyBasis: string;
}
interface PartData {
  number: number;
  title: string;
  titleEn: string;
  directions: DirectionCard[];
}
interface Turn {
  question: string;
  answer: string;
  directions: number[];
}
interface Done {
  type: "done";
  id: string;
  citations: number[];
  directions: number[];
  mode: string;
  notice?: string;
}

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const log = $<HTMLOListElement>("log");
const form = $<HTMLFormElement>("ask");
const input = $<HTMLTextAreaElement>("question");
const send = $<HTMLButtonElement>("send");
const status = $<HTMLParagraphElement>("status");
const dialog = $<HTMLDialogElement>("card");
const languageSelect = $<HTMLSelectElement>("language");

let language: UiLanguage = initialLanguage();
let parts: PartData[] = [];
const history: Turn[] = [];
let cardId = 0;

function initialLanguage(): UiLanguage {
  const saved = localStorage.getItem("language");
  if (saved === "hans" || saved === "hant" || saved === "en") return saved;
  const nav = navigator.language.toLowerCase();
  if (/^zh-(tw|hk|mo|hant)/.test(nav)) return "hant";
  return nav.startsWith("zh") ? "hans" : nav.startsWith("en") ? "en" : "hans";
}

const t = (key: keyof (typeof STRINGS)["hans"], values?: Record<string, string | number>) =>
  say(language, key, values);

function applyTexts(): void {
  document.documentElement.lang = language === "en" ? "en" : language === "hant" ? "zh-Hant" : "zh-Hans";
  languageSelect.value = language;
  for (const el of document.querySelectorAll<HTMLElement>("[data-t]"))
    el.textContent = t(el.dataset.t as keyof (typeof STRINGS)["hans"]);
  for (const el of document.querySelectorAll<HTMLElement>("[data-t-placeholder]"))
    el.setAttribute("placeholder", t(el.dataset.tPlaceholder as keyof (typeof STRINGS)["hans"]));
  for (const el of document.querySelectorAll<HTMLElement>("[data-t-aria]"))
    el.setAttribute("aria-label", t(el.dataset.tAria as keyof (typeof STRINGS)["hans"]));
}

const script = () => (language === "hant" ? "hant" : "hans");

async function loadDirections(): Promise<void> {
  const response = await fetch(`/api/directions?script=${script()}`);
  if (!response.ok) return;
  parts = ((await response.json()) as { parts: PartData[] }).parts;
  renderDirections();
}

function renderDirections(): void {
  const host = $("parts");
  host.replaceChildren(
    ...parts.map((part) => {
      const block = el("section", { className: "part-block" });
      const heading = el("h3", {
        textContent: `${t("part", { n: part.number })}：${language === "en" && part.titleEn ? part.titleEn : part.title}`,
      });
      const list = el("ul");
      for (const d of part.directions) {
        const button = el("button", { type: "button", className: "direction-button" }) as HTMLButtonElement;
        button.dataset.direction = String(d.id);
        button.append(
          document.createTextNode(
            `${t("direction")} ${d.id} · ${language === "en" && d.titleEn ? d.titleEn : d.title}`,
          ),
          el("small", { textContent: language === "en" ? d.focus.en : d.focus.zh }),
        );
        button.addEventListener("click", () => openCard(d.id));
        list.append(el("li", {}, [button]));
      }
      block.append(heading, list);
      return block;
    }),
  );
}

function findDirection(id: number): { part: PartData; d: DirectionCard } | undefined {
  for (const part of parts) {
    const d = part.directions.find((x) => x.id === id);
    if (d) return { part, d };
  }
  return undefined;
}

function openCard(id: number): void {
  const found = findDirection(id);
  if (!found) return;
  const { part, d } = found;
  cardId = id;
  $("card-part").textContent =
    `${t("part", { n: part.number })}：${language === "en" && part.titleEn ? part.titleEn : part.title}`;
  $("card-title").textContent = `${t("direction")} ${d.id}：${d.title}`;
  $("card-title-en").textContent = language === "en" ? d.titleEn : "";
  const list = el("dl");
  const focus = language === "en" ? d.focus.en : d.focus.zh;
  if (focus) list.append(el("dt", { textContent: t("focus") }), el("dd", { textContent: focus }));
  list.append(
    el("dt", { textContent: t("suggestion") }),
    el("dd", { textContent: d.suggestion }),
    el("dt", { textContent: t("policyBasis") }),
    el("dd", { textContent: d.policyBasis }),
  );
  $("card-body").replaceChildren(list);
  dialog.setAttribute("aria-label", t("card", { id }));
  if (!dialog.open) dialog.showModal();
  $("card-title").focus();
}

async function showTips(): Promise<void> {
  const body = $("card-body");
  body.replaceChildren(el("p", { className: "hint", textContent: t("tipsLoading") }));
  const lang = language === "en" ? "en" : "zh";
  const response = await fetch(`/api/tips/${cardId}?lang=${lang}&script=${script()}`);
  if (!response.ok) {
    body.replaceChildren(el("p", { className: "error", textContent: t("failed") }));
    return;
  }
  const { text } = (await response.json()) as { text: string };
  const tips = el("div", { className: "tips-text" });
  tips.setAttribute("tabindex", "-1");
  renderRich(tips, text);
  body.replaceChildren(tips);
  tips.focus();
}

/** Answer text as DOM: **bold**, and [方向N] / [Direction N] as links that open the card. Never innerHTML. */
function renderRich(target: HTMLElement, text: string): void {
  target.replaceChildren();
  const pattern = /\*\*([^*]+)\*\*|[[【](?:方向|Direction\s*)(\d{1,3})[\]】]/g;
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (at > last) target.append(document.createTextNode(text.slice(last, at)));
    if (m[1] !== undefined) target.append(el("strong", { textContent: m[1] }));
    else {
      const id = Number(m[2]);
      const link = el("a", { href: `#direction-${id}`, textContent: m[0] }) as HTMLAnchorElement;
      link.dataset.direction = String(id);
      target.append(link);
    }
    last = at + m[0].length;
  }
  if (last < text.length) target.append(document.createTextNode(text.slice(last)));
}

async function ask(question: string): Promise<void> {
  $("empty").hidden = true;
  const turn = el("li", { className: "turn" });
  const q = el("p", { className: "q" });
  q.append(
    el("span", { className: "sr-only", textContent: `${t("you")}: ` }),
    document.createTextNode(question),
  );
  const answer = el("div", { className: "answer" });
  answer.setAttribute("aria-live", "polite");
  answer.setAttribute("aria-busy", "true");
  answer.setAttribute("aria-label", t("assistant"));
  answer.setAttribute("tabindex", "-1");
  turn.append(q, answer);
  log.append(turn);
  turn.scrollIntoView({ block: "end" });
  send.disabled = true;
  status.textContent = t("answering");
  let text = "";
  let done: Done | undefined;
  try {
    const response = await fetch("/api/ask", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        question,
        history: history.slice(-6),
        language: language === "en" ? "en" : "zh",
        ...(language === "hant" ? { script: "hant" } : {}),
      }),
    });
    if (!response.ok || !response.body) {
      const problem = (await response.json().catch(() => undefined)) as
        | { error?: { message?: string } }
        | undefined;
      throw new Error(problem?.error?.message ?? t("failed"));
    }
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done: end } = await reader.read();
      if (end) break;
      buffer += value;
      let cut = buffer.indexOf("\n\n");
      while (cut >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        cut = buffer.indexOf("\n\n");
        const data = event.startsWith("data: ") ? event.slice(6) : "";
        if (!data) continue;
        const message = JSON.parse(data) as { type: string; text?: string; message?: string };
        if (message.type === "delta") {
          text += message.text ?? "";
          renderRich(answer, text);
        } else if (message.type === "done") done = message as unknown as Done;
        else if (message.type === "error") throw new Error(message.message ?? t("failed"));
      }
    }
    if (!done) throw new Error(t("failed"));
  } catch (error) {
    answer.append(el("p", { className: "error", textContent: (error as Error).message }));
  }
  answer.setAttribute("aria-busy", "false");
  send.disabled = false;
  status.textContent = done ? t("answered") : t("failed");
  if (!done) return;
  history.push({ question, answer: text.slice(0, 1_500), directions: done.citations });
  turn.append(sourcesOf(done.citations), actionsOf(question, text, done.id));
}

function sourcesOf(ids: number[]): HTMLElement {
  const list = el("ul", { className: "sources" });
  if (ids.length === 0) return list;
  list.setAttribute("aria-label", t("sources"));
  for (const id of ids) {
    const d = findDirection(id)?.d;
    const link = el("a", {
      href: `#direction-${id}`,
      textContent: `${t("direction")} ${id}${d ? ` · ${language === "en" && d.titleEn ? d.titleEn : d.title}` : ""}`,
    }) as HTMLAnchorElement;
    link.dataset.direction = String(id);
    list.append(el("li", {}, [link]));
  }
  return list;
}

function actionsOf(question: string, text: string, id: string): HTMLElement {
  const bar = el("div", { className: "actions" });
  const note = el("span", { className: "hint" });
  note.setAttribute("role", "status");
  const copy = button(t("copy"), async () => {
    await copyText(text);
    note.textContent = t("copied");
  });
  const share = button(t("share"), async () => {
    const url = `${location.origin}/?q=${encodeURIComponent(question)}`;
    if (navigator.share) {
      await navigator.share({ title: question, text, url }).catch(() => {});
      return;
    }
    await copyText(`${question}\n\n${text}\n\n${url}`);
    note.textContent = t("shared");
  });
  const up = button(`👍 ${t("up")}`, () => vote("up"));
  const down = button(`👎 ${t("down")}`, () => vote("down"));
  for (const b of [up, down]) b.setAttribute("aria-pressed", "false");
  async function vote(choice: "up" | "down") {
    up.setAttribute("aria-pressed", String(choice === "up"));
    down.setAttribute("aria-pressed", String(choice === "down"));
    const response = await fetch("/api/feedback", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ id, vote: choice }),
    }).catch(() => undefined);
    note.textContent = response?.ok ? t("thanks") : t("failed");
  }
  bar.append(copy, share, up, down, note);
  return bar;
}

async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    const area = el("textarea", { value: text }) as HTMLTextAreaElement;
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
  }
}

function button(label: string, onClick: () => unknown): HTMLButtonElement {
  const b = el("button", { type: "button", textContent: label }) as HTMLButtonElement;
  b.addEventListener("click", () => void onClick());
  return b;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<Record<string, string>> = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

function showView(view: "chat" | "directions"): void {
  $("chat").hidden = view !== "chat";
  $("directions").hidden = view !== "directions";
  $("tab-chat").setAttribute("aria-pressed", String(view === "chat"));
  $("tab-directions").setAttribute("aria-pressed", String(view === "directions"));
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const question = input.value.trim();
  if (!question || send.disabled) return;
  input.value = "";
  void ask(question);
});
input.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    form.requestSubmit();
  }
});
document.addEventListener("click", (event) => {
  const link = (event.target as HTMLElement).closest<HTMLElement>("a[data-direction]");
  if (!link) return;
  event.preventDefault();
  openCard(Number(link.dataset.direction));
});
$("card-close").addEventListener("click", () => dialog.close());
$("card-tips").addEventListener("click", () => void showTips());
$("card-ask").addEventListener("click", () => {
  dialog.close();
  showView("chat");
  void ask(t("askAboutQuestion", { id: cardId }));
});
$("tab-chat").addEventListener("click", () => showView("chat"));
// Forgets the conversation: follow-ups no longer lean on earlier answers.
$("reset").addEventListener("click", () => {
  history.length = 0;
  log.replaceChildren();
  $("empty").hidden = false;
  showView("chat");
  input.focus();
});
$("tab-directions").addEventListener("click", () => showView("directions"));
languageSelect.addEventListener("change", () => {
  language = languageSelect.value as UiLanguage;
  localStorage.setItem("language", language);
  applyTexts();
  void loadDirections();
});

applyTexts();
void loadDirections().then(() => {
  const shared = new URLSearchParams(location.search).get("q");
  if (shared) void ask(shared.slice(0, 1_000));
});
