// Bundles the entry points into dist/ (see scripts/run.mjs). Native and lazily loaded packages stay
// outside the bundles: jieba is a native addon, opencc keeps its dictionaries, openai loads on use,
// esbuild (which builds the web page at start-up) finds its own binary; pdf.js and mammoth (drafts)
// stay packages of their own; pinyin-pro is loaded as CommonJS and unloaded once used (search/pinyin.ts).
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, stop } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Entry name → source: `main` is `npm start`, `ask` is `npm run ask`. */
export const ENTRIES = { main: "src/main.ts", ask: "src/cli/ask.ts" };

/**
 * grammY's node-fetch imports whatwg-url, whose tr46 brings a 260 KB Unicode mapping table (~4 MB of
 * heap as array literals once loaded), yet uses it only where the platform has no URL class
 * (`Url.URL || whatwgUrl.URL`); Node has one. The bundle gets Node's URL under that name instead.
 */
const nodeUrl = {
  name: "node-url",
  setup(build) {
    build.onResolve({ filter: /^whatwg-url$/ }, () => ({ path: "whatwg-url", namespace: "node-url" }));
    build.onLoad({ filter: /.*/, namespace: "node-url" }, () => ({
      contents: 'const { URL } = require("node:url"); module.exports = { URL };',
      loader: "js",
    }));
  },
};

export async function bundle(name) {
  const outfile = join(root, "dist", `${name}.mjs`);
  const result = await build({
    entryPoints: [join(root, ENTRIES[name])],
    outfile,
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: ["@node-rs/jieba", "opencc-js", "openai", "esbuild", "pdfjs-dist", "mammoth", "pinyin-pro"],
    // Bundled CommonJS dependencies call require(); ESM has none of its own.
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    // No comments and no indentation: V8 keeps every script's source in memory, and a single emoji in a
    // dependency's doc comment made the whole 3.8 MB bundle a two-byte string (7.6 MB); names are kept,
    // so errors still read. Non-ASCII characters in code are escaped (esbuild's default charset).
    minifyWhitespace: true,
    plugins: [nodeUrl],
    logLevel: "warning",
  });
  // Written aside and renamed, so a process started meanwhile never loads half a bundle.
  const temporary = `${outfile}.${process.pid}.tmp`;
  mkdirSync(dirname(outfile), { recursive: true });
  writeFileSync(temporary, asciiOnly(result.outputFiles[0].text));
  renameSync(temporary, outfile);
}

/**
 * esbuild escapes non-ASCII characters in strings but not in regular expression literals (/[一二三]/).
 * One such character makes V8 hold the whole bundle's source as a two-byte string, twice the memory;
 * \uXXXX means the same inside a regular expression (with or without the u flag, pairs included).
 */
function asciiOnly(code) {
  return code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** Builds the named bundles, then stops esbuild's service, which would otherwise live on beside the program (~90 MB). */
export async function bundleAll(names) {
  try {
    for (const name of names) await bundle(name);
  } finally {
    await stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await bundleAll(Object.keys(ENTRIES));
}
