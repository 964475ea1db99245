import type { KeywordAction } from "@/generated/prisma/enums";
import { channels } from "@/server/realtime/event-bus";
import { normalizeTerm } from "@/server/safety/keyword-matcher";
import type { ServiceDeps } from "./deps";
import { DomainError, notFound } from "./errors";

/** The keyword filter's terms, as admins manage them on /admin/keywords. */

export interface KeywordDTO {
  id: string;
  term: string;
  action: KeywordAction;
  createdAt: Date;
}

const select = { id: true, term: true, action: true, createdAt: true } as const;

type KeywordDeps = Pick<ServiceDeps, "prisma" | "bus" | "keywordFilter">;

/** This process compiles the terms again before its next send, and every other one on hearing the event. */
const announceChange = (deps: KeywordDeps) => {
  deps.keywordFilter.invalidate();
  deps.bus.publish(channels.keywords, { type: "keywords-changed" });
};

/**
 * Adds a term, or changes the action of a term already in the filter in another spelling
 * ("IDIOT", "idiot" and "i d i o t" are one term: the matcher sees them alike).
 */
export async function addKeyword(
  deps: KeywordDeps,
  adminId: string,
  input: { term: string; action: KeywordAction },
): Promise<KeywordDTO> {
  const term = input.term.trim();
  const normalized = normalizeTerm(term);
  if (!normalized) throw new DomainError("BAD_REQUEST", "term: must contain letters or digits");
  const keyword = await deps.prisma.keyword.upsert({
    where: { normalized },
    create: { term, normalized, action: input.action, createdById: adminId },
    update: { action: input.action },
    select,
  });
  announceChange(deps);
  return keyword;
}

export async function removeKeyword(deps: KeywordDeps, id: string): Promise<{ id: string }> {
  const { count } = await deps.prisma.keyword.deleteMany({ where: { id } });
  if (count === 0) throw notFound("This term");
  announceChange(deps);
  return { id };
}

/** Every term, alphabetically. */
export function listKeywords(deps: Pick<ServiceDeps, "prisma">): Promise<KeywordDTO[]> {
  return deps.prisma.keyword.findMany({ select, orderBy: [{ normalized: "asc" }] });
}
