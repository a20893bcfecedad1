import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The page's files as served: built once at start-up, kept in memory. */
export interface PageAssets {
  files: Map<string, { body: Buffer; type: string }>;
}

/** src/web/page next to this file (tsx) or, from the bundle in dist/, under the project's src/. */
function pageDir(): string {
  const here = fileURLToPath(new URL(".", import.meta.url));
  for (const dir of [join(here, "page"), join(here, "..", "src", "web", "page")]) {
    if (existsSync(join(dir, "index.html"))) return dir;
  }
  throw new Error("src/web/page/index.html not found: the web chat's files are missing");
}

/**
 * Bundles the web chat (plain TypeScript and DOM, one CSS file) with esbuild, in memory. esbuild's
 * service is stopped afterwards: left running it would keep the process alive.
 */
export async function buildPage(): Promise<PageAssets> {
  const dir = pageDir();
  const esbuild = await import("esbuild");
  try {
    const result = await esbuild.build({
      entryPoints: { app: join(dir, "app.ts"), admin: join(dir, "admin.ts") },
      bundle: true,
      write: false,
      outdir: "/assets",
      format: "iife",
      target: "es2020",
      minify: true,
      logLevel: "silent",
    });
    const files = new Map<string, { body: Buffer; type: string }>();
    for (const out of result.outputFiles) {
      const name = out.path.slice(out.path.lastIndexOf("/") + 1);
      const type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
      files.set(`/assets/${name}`, { body: Buffer.from(out.contents), type });
    }
    for (const html of ["index.html", "admin.html"]) {
      files.set(`/${html}`, { body: readFileSync(join(dir, html)), type: "text/html; charset=utf-8" });
    }
    files.set("/icon.svg", { body: readFileSync(join(dir, "icon.svg")), type: "image/svg+xml" });
    return { files };
  } finally {
    await esbuild.stop();
  }
}
