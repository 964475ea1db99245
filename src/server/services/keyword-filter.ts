import type { PrismaClient } from "@/generated/prisma/client";
import { channels, type EventBus, type Unsubscribe } from "@/server/realtime/event-bus";
import { compileKeywordMatcher, type KeywordMatcher } from "@/server/safety/keyword-matcher";

/**
 * This process's copy of the keyword filter, compiled once and kept until an admin changes the
 * terms on any process (a "keywords-changed" event) or the bus was away (a "resync": a change may
 * have been missed). The next send after either reloads it, so a change is in force everywhere
 * as soon as the event arrives.
 */
export interface KeywordFilter {
  current(): Promise<KeywordMatcher>;
  close(): void;
}

export function createKeywordFilter(deps: { prisma: PrismaClient; bus: EventBus }): KeywordFilter {
  let generation = 0;
  let loaded: { generation: number; matcher: KeywordMatcher } | null = null;
  let loading: { generation: number; promise: Promise<KeywordMatcher> } | null = null;
  let unsubscribe: Unsubscribe | null = null;

  const load = (forGeneration: number): Promise<KeywordMatcher> => {
    const promise = deps.prisma.keyword
      .findMany({ select: { id: true, term: true, action: true } })
      .then((terms) => {
        const matcher = compileKeywordMatcher(terms);
        if (!loaded || loaded.generation <= forGeneration) loaded = { generation: forGeneration, matcher };
        return matcher;
      })
      .finally(() => {
        if (loading?.promise === promise) loading = null;
      });
    loading = { generation: forGeneration, promise };
    return promise;
  };

  return {
    current() {
      // Listening starts before the first load, so no change can fall between the two.
      unsubscribe ??= deps.bus.subscribe(channels.keywords, (event) => {
        if (event.type === "keywords-changed" || event.type === "resync") generation++;
      });
      if (loaded?.generation === generation) return Promise.resolve(loaded.matcher);
      if (loading?.generation === generation) return loading.promise;
      return load(generation);
    },
    close() {
      unsubscribe?.();
      unsubscribe = null;
    },
  };
}
