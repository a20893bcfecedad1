import { documentId } from "../corpus/document-id.ts";
import type { Retrieval, Retriever } from "../search/retrieve.ts";
import type { Language } from "./types.ts";

/**
 * What an adapter that knows what it wants asks for: a direction's card, its proposal tips or policy
 * basis, the directions citing a policy document (by its stable id), or the overview. Typed, so it
 * never goes through the parser that reads free text: buttons keep working whatever understanding does.
 */
export type ShowRequest =
  | { kind: "card"; id: number }
  | { kind: "tips"; id: number }
  | { kind: "policy"; id: number }
  | { kind: "citing"; documentId: string }
  | { kind: "overview" };

/** Why a request cannot be shown: a direction or document the current table does not have. */
export class UnknownRequestError extends Error {}

/** The words a request stands for in a conversation's history and a model's prompt. */
export function requestLabel(request: ShowRequest, language: Language, documentTitle?: string): string {
  const en = language === "en";
  switch (request.kind) {
    case "card":
      return en ? `direction ${request.id}` : `方向${request.id}`;
    case "tips":
      return en ? `how to write a proposal for direction ${request.id}` : `方向${request.id} 申报书怎么写`;
    case "policy":
      return en ? `policy basis of direction ${request.id}` : `方向${request.id} 政策依据`;
    case "citing":
      return en ? `directions citing ${documentTitle ?? ""}` : `引用《${documentTitle ?? ""}》的方向`;
    case "overview":
      return en ? "all directions" : "全部方向";
  }
}

/** The retrieval a request means, built from the table directly; throws UnknownRequestError. */
export function requestRetrieval(retriever: Retriever, request: ShowRequest, label: string): Retrieval {
  const base = retriever.understand("");
  const understanding = { ...base, question: label, intents: new Set(base.intents) };
  switch (request.kind) {
    case "card":
    case "tips":
    case "policy": {
      if (!retriever.direction(request.id)) throw new UnknownRequestError(`no direction ${request.id}`);
      understanding.intent = request.kind === "card" ? "topic" : request.kind;
      understanding.intents.add(understanding.intent);
      understanding.directionRefs = [request.id];
      return { understanding, matches: retriever.pinned([request.id]) };
    }
    case "citing": {
      const entry = findDocument(retriever, request.documentId);
      if (!entry) throw new UnknownRequestError(`no document ${request.documentId}`);
      understanding.intent = "policy";
      understanding.intents.add("policy");
      understanding.documents = [entry.document];
      return { understanding, matches: retriever.pinned(entry.citedBy) };
    }
    case "overview":
      understanding.intent = "overview";
      understanding.intents.add("overview");
      return { understanding, matches: retriever.pinned(retriever.directions.map((d) => d.id)) };
  }
}

/** The edition's document with this stable id. */
export function findDocument(retriever: Retriever, id: string) {
  return retriever.edition.documents.find((e) => documentId(e.document) === id);
}
