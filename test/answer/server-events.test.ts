import { describe, expect, it } from "vitest";
import { ModelError, serverEvents } from "../../src/answer/llm.ts";

/** A response whose body arrives in exactly these pieces (split anywhere, even inside a character). */
function body(pieces: (string | Uint8Array)[]): Response {
  const encoder = new TextEncoder();
  return new Response(
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const p of pieces) controller.enqueue(typeof p === "string" ? encoder.encode(p) : p);
        controller.close();
      },
    }),
  );
}

async function read(response: Response): Promise<{ chunks: unknown[]; heard: number }> {
  let heard = 0;
  const chunks: unknown[] = [];
  for await (const chunk of serverEvents(response, () => heard++)) chunks.push(chunk);
  return { chunks, heard };
}

const delta = (text: string) => JSON.stringify({ choices: [{ delta: { content: text } }] });

describe("reading a streamed completion", () => {
  it("reads events split across pieces, CRLF lines, comments and a multi-byte character cut in two", async () => {
    const bytes = new TextEncoder().encode(`data: ${delta("专利")}\n\n`);
    const cut = bytes.length - 6; // inside 利
    const { chunks, heard } = await read(
      body([
        ": keep-alive\n\n",
        bytes.slice(0, cut),
        bytes.slice(cut),
        `data: ${delta("池")}\r\n\r\n`,
        `event: message\nid: 3\ndata:${delta("。")}\n`,
        "\ndata: [DONE]\n\n",
        `data: ${delta("after done")}\n\n`,
      ]),
    );
    expect(
      chunks.map((c) => (c as { choices: { delta: { content: string } }[] }).choices[0]?.delta.content),
    ).toEqual(["专利", "池", "。"]);
    expect(heard).toBeGreaterThanOrEqual(5);
  });

  it("joins an event's data lines and delivers a last event that has no blank line after it", async () => {
    const { chunks } = await read(body(['data: {"choices":\ndata: []}\n\n', `data: ${delta("end")}`]));
    expect(chunks).toEqual([{ choices: [] }, { choices: [{ delta: { content: "end" } }] }]);
  });

  it("throws a ModelError for an error event and for data that is no JSON", async () => {
    await expect(read(body(['data: {"error":{"message":"overloaded"}}\n\n']))).rejects.toEqual(
      new ModelError("server"),
    );
    await expect(read(body(["data: {not json\n\n"]))).rejects.toBeInstanceOf(ModelError);
  });
});
