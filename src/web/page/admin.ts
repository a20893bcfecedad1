/// <reference path="./assets.d.ts" />
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import "./style.css";

/** The admin page: asks for ADMIN_API_KEY, keeps it in this tab only, shows the week's feedback and gaps. */

interface Summary {
  answers: number;
  up: number;
  down: number;
  recentDown: { question: string; directions: number[]; mode: string; at: string }[];
}
interface Group {
  question: string;
  count: number;
  gaps: string[];
  directions: number[];
  last: string;
}

const $ = (id: string) => document.getElementById(id) as HTMLElement;
const GAP: Record<string, string> = {
  unmatched: "未匹配 no direction",
  fallback: "降级 fallback",
  down: "👎",
};

async function get<T>(path: string, key: string): Promise<T> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${key}` } });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
    throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  }
  return (await response.json()) as T;
}

function cell(text: string): HTMLTableCellElement {
  const td = document.createElement("td");
  td.textContent = text;
  return td;
}

async function show(key: string): Promise<void> {
  const [summary, { groups }] = await Promise.all([
    get<Summary>("/admin/api/feedback", key),
    get<{ groups: Group[] }>("/admin/api/unanswered", key),
  ]);
  $("feedback-summary").textContent =
    `回答 answers: ${summary.answers} · 👍 ${summary.up} · 👎 ${summary.down}`;
  $("feedback-down").replaceChildren(
    ...summary.recentDown.map((d) => {
      const li = document.createElement("li");
      li.textContent = `${d.question} (${d.directions.map((id) => `#${id}`).join(" ") || "—"}, ${d.mode}, ${d.at.slice(0, 16).replace("T", " ")})`;
      return li;
    }),
  );
  $("unanswered-rows").replaceChildren(
    ...groups.map((g) => {
      const tr = document.createElement("tr");
      tr.append(
        cell(g.question),
        cell(String(g.count)),
        cell(g.gaps.map((gap) => GAP[gap] ?? gap).join(", ")),
        cell(g.directions.map((id) => `#${id}`).join(" ") || "—"),
        cell(g.last.slice(0, 16).replace("T", " ")),
      );
      return tr;
    }),
  );
  $("feedback").hidden = false;
  $("unanswered").hidden = false;
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const key = ($("key") as HTMLInputElement).value.trim();
  sessionStorage.setItem("adminKey", key);
  $("login-error").textContent = "";
  show(key).catch((error: Error) => {
    $("login-error").textContent = error.message;
  });
});
const saved = sessionStorage.getItem("adminKey");
if (saved) show(saved).catch(() => sessionStorage.removeItem("adminKey"));
