import type { PrismaClient } from "@/generated/prisma/client";
import { channels, type EventBus, type Unsubscribe } from "@/server/realtime/event-bus";
import { compileKeywordMatcher, type KeywordMatcher } from "@/server/safety/keyword-matcher";

/**
 * This process's copy of the keyword filter, compiled once and kept until the terms change.
 *
 * It hears of a change three ways: at once from its own admin's change (`invalidate`), within
 * milliseconds from another process's (the bus's "keywords-changed", or a "resync" after the bus
 * was away), and, as a backstop for an event that never arrived, by comparing the count and the
 * newest `updatedAt` of the terms with its copy at most once a second, in the background of a
 * send. The next send after a change compiles the new list.
 */
export interface KeywordFilter {
  current(): Promise<KeywordMatcher>;
  /** The terms changed: compile them again before the next check. */
  invalidate(): void;
  close(): void;
}

const VERIFY_EVERY_MS = 1_000;

type Signature = string;
const signatureOf = (count: number, newest: Date | null | undefined): Signature => `${count}|${newest?.toISOString() ?? ""}`;

export function createKeywordFilter(deps: { prisma: PrismaClient; bus: EventBus }): KeywordFilter {
  let generation = 0;
  let loaded: { generation: number; matcher: KeywordMatcher; signature: Signature } | null = null;
  let loading: { generation: number; promise: Promise<KeywordMatcher> } | null = null;
  let verifiedAt = 0;
  let unsubscribe: Unsubscribe | null = null;

  const invalidate = () => {
    generation++;
  };

  const load = (forGeneration: number): Promise<KeywordMatcher> => {
    const promise = deps.prisma.keyword
      .findMany({ select: { id: true, term: true, action: true, updatedAt: true } })
      .then((terms) => {
        const matcher = compileKeywordMatcher(terms);
        const newest = terms.reduce<Date | null>((max, t) => (max && max >= t.updatedAt ? max : t.updatedAt), null);
        if (!loaded || loaded.generation <= forGeneration) loaded = { generation: forGeneration, matcher, signature: signatureOf(terms.length, newest) };
        verifiedAt = Date.now();
        return matcher;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = null;
      });
    loading = { generation: forGeneration, promise };
    return promise;
  };

  /** The backstop: a change whose event never came (a Redis outage, a subscription not yet made). */
  const verifyInBackground = (copy: { generation: number; signature: Signature }) => {
    verifiedAt = Date.now();
    deps.prisma.keyword
      .aggregate({ _count: { _all: true }, _max: { updatedAt: true } })
      .then((now) => {
        if (signatureOf(now._count._all, now._max.updatedAt) !== copy.signature && generation === copy.generation) invalidate();
      })
      // The next send's check tries again; a database that does not answer fails sends anyway.
      .catch(() => {});
  };

  return {
    current() {
      unsubscribe ??= deps.bus.subscribe(channels.keywords, (event) => {
        if (event.type === "keywords-changed" || event.type === "resync") invalidate();
      });
      if (loaded?.generation === generation) {
        if (Date.now() - verifiedAt >= VERIFY_EVERY_MS) verifyInBackground(loaded);
        return Promise.resolve(loaded.matcher);
      }
      if (loading?.generation === generation) return loading.promise;
      return load(generation);
    },
    invalidate,
    close() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
