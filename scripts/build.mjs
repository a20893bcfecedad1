// Bundles the ask command into dist/ask.mjs (see scripts/ask.mjs). Native and lazily loaded packages
// stay outside the bundle: jieba is a native addon, opencc keeps its dictionaries, openai loads on use.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export async function buildAsk() {
  const outfile = join(root, "dist", "ask.mjs");
  const result = await build({
    entryPoints: [join(root, "src", "cli", "ask.ts")],
    outfile,
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["@node-rs/jieba", "opencc-js", "openai"],
    // Bundled CommonJS dependencies call require(); ESM has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: "warning",
  });
  // Written aside and renamed, so an `ask` started meanwhile never loads half a bundle.
  const temporary = `${outfile}.${process.pid}.tmp`;
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(temporary, result.outputFiles[0].contents);
  renameSync(temporary, outfile);
}

if (import.meta.url === `file://${process.argv[1]}`) await buildAsk();
