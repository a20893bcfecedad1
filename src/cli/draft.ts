import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { DraftReviewer, ReviewFailure, ReviewOutcome } from "../draft/reviewer.ts";

/**
 * Reviews a draft on disk for the terminal: a path that is missing or too large gets the same clear
 * message a chat would, and progress lines go to `onProgress` (the chat shows them; `ask` does not).
 */
export async function reviewFromPath(
  reviewer: DraftReviewer,
  path: string,
  onProgress?: (text: string) => void,
): Promise<ReviewOutcome | ReviewFailure> {
  const name = basename(path.trim().replace(/^["']|["']$/g, ""));
  const file = path.trim().replace(/^["']|["']$/g, "");
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error("not a file");
    size = info.size;
  } catch {
    return { ok: false, reason: "download", message: `找不到文件：${file}` };
  }
  if (size > reviewer.limits.maxBytes) return reviewer.failure("too-large", "zh");
  const bytes = await readFile(file);
  return reviewer.reviewFile(bytes, name, {
    userId: "terminal",
    onStage: (stage) => onProgress?.(reviewer.progress(stage, "zh", name)),
  });
}
