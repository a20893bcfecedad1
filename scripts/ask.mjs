// `npm run ask`: runs the ask command from one bundled file (dist/ask.mjs), rebuilt whenever a source
// is newer. Loading one bundle takes a third of the time tsx needs to load ~40 sources and their
// dependencies module by module, and `ask` is started once per question by scripts.
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const bundle = join(root, "dist", "ask.mjs");

function newestSource() {
  let newest = statSync(join(root, "package-lock.json")).mtimeMs;
  for (const file of readdirSync(join(root, "src"), { recursive: true })) {
    newest = Math.max(newest, statSync(join(root, "src", String(file))).mtimeMs);
  }
  return newest;
}

let built = 0;
try {
  built = statSync(bundle).mtimeMs;
} catch {}
if (built < newestSource()) {
  const { buildAsk } = await import("./build.mjs");
  await buildAsk();
}
await import(pathToFileURL(bundle).href);
