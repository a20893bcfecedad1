/**
 * The bundled bot process (`npm start`) reviews a .docx and a PDF sent to it: pdf.js and mammoth load
 * outside the bundle, the file comes over the Bot API's file URL, and no draft text reaches the log.
 */
import { afterEach, describe, expect, it } from "vitest";
import { LOW_ALTITUDE_DRAFT, SEP_DRAFT } from "../draft/samples.ts";
import { type BotApiServer, startBotApiServer } from "../support/bot-api-server.ts";
import { killBotProcesses, spawnBot } from "../support/bot-process.ts";
import { docx, pdf } from "../support/draft-files.ts";

let server: BotApiServer | undefined;
afterEach(async () => {
  killBotProcesses();
  await server?.close();
  server = undefined;
});

describe("npm start with a draft", () => {
  it("reviews a .docx and a PDF, sends the reports, and logs sizes but no draft text", async () => {
    server = await startBotApiServer();
    const bot = spawnBot({
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.url,
      LOG_LEVEL: "debug",
    });
    await server.waitForPollers(1, { timeoutMs: 20_000 });
    server.sendDocument({ chatId: 1001, bytes: docx(LOW_ALTITUDE_DRAFT.split("\n")), fileName: "a.docx" });
    await server.waitForMessage(1001, /最适合：\[方向3\]/, { timeoutMs: 20_000 });
    server.sendDocument({ chatId: 1001, bytes: pdf([SEP_DRAFT.split("\n")]), fileName: "b.pdf" });
    await server.waitForMessage(1001, /最适合：\[方向9\]/, { timeoutMs: 20_000 });
    await server.waitFor(
      (c) => c.method === "sendDocument" && String(JSON.stringify(c.params)).includes("b.review.md"),
      {
        timeoutMs: 10_000,
      },
    );
    expect(server.sentDocuments(1001).map((d) => d.file.filename)).toEqual(["a.review.md", "b.review.md"]);
    await bot.waitForLog("draft reviewed");
    expect(await bot.stop("SIGTERM")).toBe(0);
    const log = bot.stderr();
    expect(log).toContain('"format":"pdf"');
    for (const phrase of ["大疆", "亿航", "飞控算法", "FRAND费率裁判", "经验教训"])
      expect(log).not.toContain(phrase);
  });
});
