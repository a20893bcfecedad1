/**
 * Model answers for `npm run bench:bot`: what the loopback OpenAI server streams back. Each answer is
 * built from the directions the bot put in the prompt, cites them the way the system prompt asks
 * ([方向N]), uses the answer markup the bot formats (bold, "- " lists, paragraphs), and has a length
 * drawn between `minChars` and `maxChars` Chinese characters, so drafts and final messages carry
 * text of the size a real model writes.
 */
import type { ChatRequestBody } from "../test/support/openai-server.ts";
import { prng } from "../test/support/prng.ts";

export interface AnswerShape {
  minChars: number;
  maxChars: number;
}

interface GivenDirection {
  id: number;
  title: string;
  suggestion: string;
}

export { prng };

const GENERAL_ADVICE = [
  "选题时先把研究对象收窄到一个具体产业环节，避免题目过大、结论空泛。",
  "研究方法建议写清楚数据来源，例如专利检索式、检索数据库和时间范围，便于评审判断可行性。",
  "预期成果尽量量化，比如形成一份研究报告、一套风险清单或若干条政策建议。",
  "团队介绍部分突出与本方向相关的前期成果，如已发表的论文、承担过的课题或服务过的企业。",
  "进度安排按季度拆分，每个阶段对应可检查的中间成果。",
  "引用政策文件时写全称，并说明它与课题的具体关联，而不是只罗列文件名。",
  "可以在申报书中说明成果的应用场景，例如为企业出海提供风险提示或为主管部门提供决策参考。",
  "如果与行业协会或龙头企业合作，写明各方分工和数据支持方式，会明显增强说服力。",
];

const CLOSINGS = [
  "以上依据表格内容整理，具体申报要求请以工业和信息化部官方通知为准。",
  "截止时间、经费额度等信息表格中没有写明，请以官方发布的申报通知为准。",
  "如需进一步比较相近方向，可以告诉我你们课题的具体切入点。",
];

/** The directions the bot gave the model, read back from the <directions> block of the prompt. */
function givenDirections(body: ChatRequestBody): GivenDirection[] {
  const user = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
  const content = typeof user?.content === "string" ? user.content : "";
  const block = /<directions>\n([\s\S]*?)\n<\/directions>/.exec(content)?.[1] ?? "";
  const directions: GivenDirection[] = [];
  for (const part of block.split(/\n\n+/)) {
    const head = /^\[方向(\d+)\]\s*(.+)$/m.exec(part);
    if (!head) continue;
    directions.push({
      id: Number(head[1]),
      title: (head[2] ?? "").replace(/\s*\(.*\)$/, ""),
      suggestion: /^申报建议：(.*)$/m.exec(part)?.[1] ?? "",
    });
  }
  return directions;
}

/** Sentences (ending in 。；) of a text, each at least a few characters long. */
function sentences(text: string): string[] {
  return (text.match(/[^。；]+[。；]/g) ?? []).map((s) => s.trim()).filter((s) => s.length > 6);
}

/**
 * One answer for a chat-completions request, its length uniform in [minChars, maxChars] (counted in
 * code points, as the loopback server paces them).
 */
export function modelAnswer(body: ChatRequestBody, random: () => number, shape: AnswerShape): string {
  const target = Math.round(shape.minChars + random() * (shape.maxChars - shape.minChars));
  const given = givenDirections(body);
  const [best, second] = given;
  const parts: string[] = [];
  if (best) {
    parts.push(`你们的课题最贴近**[方向${best.id}] ${best.title}**。`);
    const own = sentences(best.suggestion);
    if (own.length > 0) parts.push(`表格对这个方向的申报建议是：“${own.join("")}”`);
    parts.push(
      `从你描述的内容看，研究对象、要解决的问题和预期成果都落在[方向${best.id}]的范围内，建议以它为主申报。`,
    );
  } else {
    parts.push("表格中没有与这个问题直接对应的方向，下面给出一些通用的申报思路。");
  }
  if (second) {
    parts.push(
      `\n\n[方向${second.id}] ${second.title}也有交叉，区别在于：[方向${best?.id ?? second.id}]侧重前面所说的研究重点，而[方向${second.id}]更关注${sentences(second.suggestion)[0] ?? "另一类问题。"}`,
    );
  }
  parts.push("\n\n**通用建议**（不是计划本身的要求）：\n");
  const advice = [...GENERAL_ADVICE].sort(() => random() - 0.5);
  let text = parts.join("");
  for (const line of advice) {
    if (Array.from(text).length >= target - 40) break;
    text += `- ${line}\n`;
  }
  text += `\n${CLOSINGS[Math.floor(random() * CLOSINGS.length)] ?? ""}`;
  // Fill or trim to the drawn length, at a sentence end where one is near.
  while (Array.from(text).length < target) {
    text += GENERAL_ADVICE[Math.floor(random() * GENERAL_ADVICE.length)] ?? "";
  }
  const chars = Array.from(text);
  if (chars.length > target) {
    const cut = chars.slice(0, target).join("");
    const end = Math.max(cut.lastIndexOf("。"), cut.lastIndexOf("\n"));
    text = end >= shape.minChars ? cut.slice(0, end + 1) : cut;
  }
  return text;
}
