import { createHash } from "node:crypto";
import type { PolicyDocument } from "./types.ts";

/**
 * A short id for a policy document that stays the same across reloads as long as its title does:
 * buttons carry it (Telegram allows 64 bytes of callback data), never an index into a list that a
 * /reload can reorder.
 */
export function documentId(document: Pick<PolicyDocument, "key">): string {
  return createHash("sha1").update(document.key).digest("hex").slice(0, 10);
}
