import type { IncomingMessage, ServerResponse } from "node:http";
import { feedbackSummary, unansweredGroups, WEEK_MS } from "../ports/feedback.ts";
import { bearer, HttpProblem, sendJson } from "./http.ts";
import { matchKey } from "./limits.ts";
import type { WebDeps } from "./server.ts";

/**
 * `/admin/api/*`: the week's feedback and unanswered questions for the admin page, behind
 * ADMIN_API_KEY (a bearer key; the page asks for it and keeps it in the tab only). No user ids.
 */
export async function handleAdminApi(req: IncomingMessage, res: ServerResponse, path: string, deps: WebDeps) {
  const adminKey = deps.config.ADMIN_API_KEY;
  if (!adminKey)
    throw new HttpProblem(404, "The admin page is off (ADMIN_API_KEY is not set).", "admin_disabled");
  if (!matchKey(bearer(req), [adminKey])) throw new HttpProblem(401, "Wrong admin key.", "invalid_api_key");
  if (req.method !== "GET") throw new HttpProblem(405, "Use GET.", "method_not_allowed");
  const entries = await deps.feedback.since(new Date(Date.now() - WEEK_MS));
  if (path === "/admin/api/feedback") return sendJson(res, 200, feedbackSummary(entries));
  if (path === "/admin/api/unanswered") return sendJson(res, 200, { groups: unansweredGroups(entries) });
  throw new HttpProblem(404, `Unknown endpoint ${path}.`, "unknown_url");
}
