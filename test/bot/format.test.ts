import { describe, expect, it } from "vitest";
import {
  formatMarkdown,
  MAX_MESSAGE_LENGTH,
  plainTextFallback,
  splitMessage,
  toMessages,
} from "../../src/bot/format.ts";
import { logger } from "./harness.ts";

describe("formatMarkdown", () => {
  it("turns **bold** into a bold entity and keeps citation tags as text", () => {
    const message = formatMarkdown("最匹配的方向：**方向3「低空经济」** [方向3]");
    expect(message.text).toBe("最匹配的方向：方向3「低空经济」 [方向3]");
    expect(message.entities).toEqual([{ type: "bold", offset: 7, length: 9 }]);
  });

  it("shows list items as bullets and checklist items as boxes", () => {
    expect(formatMarkdown("- 一\n- [ ] 二\n* 三").text).toBe("• 一\n☐ 二\n• 三");
  });

  it("shows headings in bold without the #", () => {
    const message = formatMarkdown("## 申报要点\n正文");
    expect(message.text).toBe("申报要点\n正文");
    expect(message.entities).toEqual([{ type: "bold", offset: 0, length: 4 }]);
  });

  it("leaves characters Telegram's parse modes would choke on exactly as written", () => {
    const raw = "a_b 3*4 <d> & [e](f) [方向3] snake_case **unclosed";
    expect(formatMarkdown(raw).text).toBe(raw);
    expect(formatMarkdown(raw).entities).toEqual([]);
  });

  it("turns a model's Markdown into entities: italic, code, fences, quotes, links, no markers left", () => {
    const raw = [
      "### 建议",
      "> 引用一句",
      "* 用 *斜体* 与 `代码`，见 [官网](https://www.miit.gov.cn/)",
      "```json",
      '{"a": 1}',
      "```",
      "1. 第一步",
    ].join("\n");
    const { text, entities } = formatMarkdown(raw);
    expect(text).toBe('建议\n引用一句\n• 用 斜体 与 代码，见 官网\n{"a": 1}\n1. 第一步');
    expect(text).not.toMatch(/[#*`>]|\]\(/);
    const of = (type: string) =>
      entities.filter((e) => e.type === type).map((e) => text.slice(e.offset, e.offset + e.length));
    expect(of("bold")).toEqual(["建议"]);
    expect(of("italic")).toEqual(["斜体"]);
    expect(of("code")).toEqual(["代码"]);
    expect(of("pre")).toEqual(['{"a": 1}']);
    expect(of("text_link")).toEqual(["官网"]);
  });

  it("measures offsets in UTF-16 units, as Telegram does", () => {
    const message = formatMarkdown("🚁 **无人机**");
    expect(message.entities).toEqual([{ type: "bold", offset: 3, length: 3 }]);
  });

  it("collapses runs of blank lines into one paragraph break", () => {
    expect(formatMarkdown("一\n\n\n\n二  \n三").text).toBe("一\n\n二\n三");
  });
});

describe("splitMessage", () => {
  const paragraph = (n: number) => `**第${n}段** ${"知识产权".repeat(100)}`;

  it("keeps a message within the limit whole", () => {
    expect(toMessages("短消息")).toHaveLength(1);
  });

  it("splits a long answer at paragraph boundaries into chunks of at most 4096", () => {
    const markdown = Array.from({ length: 20 }, (_, i) => paragraph(i + 1)).join("\n\n");
    const chunks = toMessages(markdown);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(chunk.text.startsWith("第")).toBe(true);
      expect(chunk.text.endsWith("知识产权")).toBe(true);
    }
    expect(chunks.map((c) => c.text).join("\n\n")).toBe(formatMarkdown(markdown).text);
  });

  it("re-bases entities so each chunk's bold text is still bold", () => {
    const markdown = Array.from({ length: 20 }, (_, i) => paragraph(i + 1)).join("\n\n");
    for (const chunk of toMessages(markdown)) {
      for (const entity of chunk.entities) {
        expect(chunk.text.slice(entity.offset, entity.offset + entity.length)).toMatch(/^第\d+段$/);
      }
      expect(chunk.entities.length).toBeGreaterThan(0);
    }
  });

  it("cuts a bold span that crosses a chunk boundary on both sides", () => {
    const text = `**${"粗".repeat(5000)}**`;
    const chunks = toMessages(text);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.entities).toEqual([{ type: "bold", offset: 0, length: 4096 }]);
    expect(chunks[1]?.entities).toEqual([{ type: "bold", offset: 0, length: 904 }]);
  });

  it("never cuts an emoji in half", () => {
    const text = `a${"🚁".repeat(3000)}`;
    const chunks = splitMessage(formatMarkdown(text));
    for (const chunk of chunks) {
      expect(chunk.text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
      expect(chunk.text).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/);
    }
    expect(chunks.map((c) => c.text).join("")).toBe(text);
  });
});

describe("plainTextFallback", () => {
  type Reply = { ok: true; result: unknown } | { ok: false; error_code: number; description: string };
  /** Runs the transformer over a hand-made `prev` that stands in for grammY's client. */
  const send = (
    prev: (payload: Record<string, unknown>) => Promise<Reply>,
    payload: Record<string, unknown>,
  ) =>
    plainTextFallback(logger)(
      (_method, p) => prev(p as Record<string, unknown>) as never,
      "sendMessage",
      payload as never,
    );

  it("sends the same text without entities when Telegram cannot parse them", async () => {
    const seen: Record<string, unknown>[] = [];
    const result = await send(
      async (payload) => {
        seen.push(payload);
        return payload.entities
          ? { ok: false, error_code: 400, description: "Bad Request: can't parse entities: bad offset" }
          : { ok: true, result: { message_id: 1 } };
      },
      { chat_id: 1, text: "方向3", entities: [{ type: "bold", offset: 0, length: 9 }] },
    );
    expect(result.ok).toBe(true);
    expect(seen).toEqual([
      { chat_id: 1, text: "方向3", entities: [{ type: "bold", offset: 0, length: 9 }] },
      { chat_id: 1, text: "方向3" },
    ]);
  });

  it("passes other errors through untouched", async () => {
    const result = await send(
      async () => ({ ok: false, error_code: 400, description: "Bad Request: chat not found" }),
      {
        chat_id: 1,
        text: "x",
        entities: [],
      },
    );
    expect(result).toMatchObject({ ok: false, description: "Bad Request: chat not found" });
  });
});
