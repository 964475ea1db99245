import type { KeywordAction } from "@/generated/prisma/enums";
import { channels } from "@/server/realtime/event-bus";
import { normalizeTerm } from "@/server/safety/keyword-matcher";
import type { ServiceDeps } from "./deps";
import { DomainError, notFound } from "./errors";
import { auditedTransaction, type AdminActor } from "./admin/audit";

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
  actor: AdminActor,
  input: { term: string; action: KeywordAction },
): Promise<KeywordDTO> {
  const term = input.term.trim();
  const normalized = normalizeTerm(term);
  if (!normalized) throw new DomainError("BAD_REQUEST", "term: must contain letters or digits");
  const keyword = await auditedTransaction(
    deps.prisma,
    actor,
    { action: "keyword.add", targetType: "keyword", targetId: null, details: { term, action: input.action } },
    (tx) =>
      tx.keyword.upsert({
        where: { normalized },
        create: { term, normalized, action: input.action, createdById: actor.id },
        update: { action: input.action },
        select,
      }),
  );
  announceChange(deps);
  return keyword;
}

export async function removeKeyword(deps: KeywordDeps, actor: AdminActor, id: string): Promise<{ id: string }> {
  await auditedTransaction(deps.prisma, actor, { action: "keyword.remove", targetType: "keyword", targetId: id }, async (tx) => {
    const removed = await tx.keyword.findUnique({ where: { id }, select: { term: true } });
    if (!removed) throw notFound("This term");
    await tx.keyword.delete({ where: { id } });
  });
  announceChange(deps);
  return { id };
}

/** The most terms one import takes. */
export const MAX_KEYWORD_IMPORT = 5_000;

export interface KeywordImportResult {
  added: number;
  /** Terms already in the filter (in some spelling) whose action changed to this one. */
  updated: number;
  /** Terms left out, each with why. */
  skipped: { term: string; reason: string }[];
}

/**
 * Adds a list of terms with one action, in one transaction and one audit entry: all of them, or
 * (on failure) none. Lines without letters or digits, and repeats of a term in the list, are
 * skipped and said so.
 */
export async function importKeywords(
  deps: KeywordDeps,
  actor: AdminActor,
  input: { terms: string[]; action: KeywordAction },
): Promise<KeywordImportResult> {
  const skipped: KeywordImportResult["skipped"] = [];
  const byNormalized = new Map<string, string>();
  for (const raw of input.terms) {
    const term = raw.trim();
    if (!term) continue;
    const normalized = normalizeTerm(term);
    if (!normalized) skipped.push({ term, reason: "has no letters or digits" });
    else if (byNormalized.has(normalized)) skipped.push({ term, reason: `the same term as "${byNormalized.get(normalized)}"` });
    else byNormalized.set(normalized, term);
  }
  if (byNormalized.size === 0) throw new DomainError("BAD_REQUEST", "terms: the list holds no term with letters or digits");
  const result = await auditedTransaction(
    deps.prisma,
    actor,
    { action: "keyword.import", targetType: "keyword", targetId: null, details: { action: input.action, terms: byNormalized.size } },
    async (tx) => {
      const existing = await tx.keyword.findMany({ where: { normalized: { in: [...byNormalized.keys()] } }, select: { normalized: true } });
      const known = new Set(existing.map((k) => k.normalized));
      const fresh = [...byNormalized].filter(([normalized]) => !known.has(normalized));
      await tx.keyword.createMany({
        data: fresh.map(([normalized, term]) => ({ term, normalized, action: input.action, createdById: actor.id })),
        skipDuplicates: true,
      });
      await tx.keyword.updateMany({ where: { normalized: { in: [...known] } }, data: { action: input.action } });
      return { added: fresh.length, updated: known.size };
    },
  );
  announceChange(deps);
  return { ...result, skipped };
}

/** Every term, alphabetically. */
export function listKeywords(deps: Pick<ServiceDeps, "prisma">): Promise<KeywordDTO[]> {
  return deps.prisma.keyword.findMany({ select, orderBy: [{ normalized: "asc" }] });
}
