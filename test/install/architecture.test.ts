import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const src = resolve(dirname(fileURLToPath(import.meta.url)), "../../src");

/** Every relative import in src/, as "from-folder → to-folder" (top-level folders of src/, or a file at its root). */
function arrows(): { from: string; to: string; file: string }[] {
  const found: { from: string; to: string; file: string }[] = [];
  for (const entry of readdirSync(src, { recursive: true })) {
    const file = join(src, String(entry));
    if (!file.endsWith(".ts")) continue;
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolve(dirname(file), m[1] as string);
      const top = (path: string) => relative(src, path).split("/")[0] as string;
      if (top(file) !== top(target))
        found.push({ from: top(file), to: top(target), file: relative(src, file) });
    }
  }
  return found;
}

const ADAPTERS = ["bot", "web", "cli", "main.ts"];

describe("the shape of src/", () => {
  it("has arrows that point down: the core and the stores import no adapter", () => {
    const core = ["corpus", "search", "answer", "draft", "ports", "store"];
    const wrong = arrows().filter((a) => core.includes(a.from) && ADAPTERS.includes(a.to));
    expect(wrong).toEqual([]);
  });

  it("keeps the store behind the ports: nothing but main.ts and the stores themselves imports src/store", () => {
    const wrong = arrows().filter((a) => a.to === "store" && a.from !== "main.ts" && a.from !== "store");
    expect(wrong).toEqual([]);
  });

  it("wires in one place: only main.ts and the ask program open stores or start transports", () => {
    const starters = /\b(openStores|runBot|serveWebhook|startWeb)\(/;
    const wiring = readdirSync(src, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".ts"))
      .filter((f) =>
        starters.test(readFileSync(join(src, f), "utf8").replace(/export (async )?function \w+\(/g, "")),
      )
      .sort();
    expect(wiring).toEqual(["main.ts"]);
  });
});
