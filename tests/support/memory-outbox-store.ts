/**
 * The outbox's IndexedDB store (src/lib/outbox/idb.ts), in memory: Node has no IndexedDB. A test
 * of the outbox replaces the real one with
 *   vi.mock("./idb", () => import("@tests/support/memory-outbox-store"));
 * and reads `stored` to see what the outbox kept.
 */
import type { OutboxEntry } from "@/lib/outbox/idb";

export const stored = new Map<string, OutboxEntry>();

export const outboxStore = {
  put: async (entry: OutboxEntry) => void stored.set(entry.clientId, structuredClone(entry)),
  remove: async (clientId: string) => void stored.delete(clientId),
  get: async (clientId: string) => stored.get(clientId),
  forUser: async (userId: string) => [...stored.values()].filter((e) => e.userId === userId).sort((a, b) => a.createdAt - b.createdAt),
};
