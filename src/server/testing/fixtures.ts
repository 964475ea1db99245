import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/generated/prisma/client";
import type { Database } from "@/server/db";
import { createMemoryEventBus, type EventBus } from "@/server/realtime/event-bus";
import { createCaller } from "@/server/routers/root";
import type { Role } from "@/server/services/users";

export interface TestUser {
  id: string;
  role: Role;
  name: string;
  email: string;
}

let counter = 0;

/** Inserts a user directly (no KDF cost); the password is not usable for sign-in. */
export async function makeUser(prisma: PrismaClient, role: Role, name?: string): Promise<TestUser> {
  counter += 1;
  const label = name ?? `${role.toLowerCase()} ${counter}`;
  const email = `${role.toLowerCase()}-${counter}-${randomUUID().slice(0, 8)}@test.example`;
  const user = await prisma.user.create({ data: { email, name: label, role, passwordHash: "scrypt$unusable" } });
  return { id: user.id, role: user.role, name: user.name, email: user.email };
}

/** A tRPC caller acting as the given user (or anonymous), over the given database and bus. */
export function callerFor(db: Database, bus: EventBus, user: TestUser | null, signal?: AbortSignal) {
  return createCaller(
    { prisma: db.prisma, bus, dbKind: db.kind, timeZone: "UTC", user: user ? { id: user.id, role: user.role } : null },
    { signal },
  );
}

/**
 * A server-side caller yields tracked() envelopes ([id, data, symbol]); a client sees { id, data }.
 * Tests read both as { id, data }.
 */
export function untrack<T>(item: unknown): { id: string; data: T } {
  if (Array.isArray(item)) return { id: item[0] as string, data: item[1] as T };
  return item as { id: string; data: T };
}

export function testBus(): EventBus {
  return createMemoryEventBus();
}
