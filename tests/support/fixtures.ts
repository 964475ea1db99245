import { randomUUID } from "node:crypto";
import { TRPCClientError } from "@trpc/client";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { Role } from "@/generated/prisma/enums";
import type { Database } from "@/server/db";
import { createMemoryEventBus, type EventBus } from "@/server/realtime/event-bus";
import { createCaller } from "@/server/routers/root";
import { createContext, type CallOrigin } from "@/server/trpc/context";
import { generousLimits } from "./limits";
import { createKeywordFilter, type KeywordFilter } from "@/server/services/keyword-filter";
import { createPresence, type Presence } from "@/server/realtime/presence";

export interface TestUser {
  id: string;
  role: Role;
  name: string;
  email: string;
  /** An open session, as signing in starts one: the test session cookie carries it. */
  sessionId: string;
}

/** An id of the right shape that no row has: "not found", where a garbled id would be "bad request". */
export const NO_SUCH_ID = "cnosuchrow000000000000000";

let counter = 0;

/** Inserts a user directly (no KDF cost); the password is not usable for sign-in. */
export async function makeUser(prisma: PrismaClient, role: Role, name?: string): Promise<TestUser> {
  counter += 1;
  const label = name ?? `${role.toLowerCase()} ${counter}`;
  const email = `${role.toLowerCase()}-${counter}-${randomUUID().slice(0, 8)}@test.example`;
  const user = await prisma.user.create({
    data: { email, name: label, role, passwordHash: "scrypt$unusable", sessions: { create: {} } },
    include: { sessions: { select: { id: true } } },
  });
  return { id: user.id, role: user.role, name: user.name, email: user.email, sessionId: user.sessions[0]!.id };
}

/** A fresh customer and artist (inserted directly), optionally with the given names. */
export async function makePair(
  prisma: PrismaClient,
  names: { customer?: string; artist?: string } = {},
): Promise<{ customer: TestUser; artist: TestUser }> {
  return { customer: await makeUser(prisma, "CUSTOMER", names.customer), artist: await makeUser(prisma, "ARTIST", names.artist) };
}

/** A fresh customer and artist and their conversation, opened by the customer. */
export async function conversationPair(db: Database, bus: EventBus): Promise<{ customer: TestUser; artist: TestUser; conversationId: string }> {
  const { customer, artist } = await makePair(db.prisma);
  const { id } = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
  return { customer, artist, conversationId: id };
}

/** One keyword filter per bus, as one per process in the app (it listens on the bus for changes). */
const keywordFilters = new WeakMap<EventBus, KeywordFilter>();
export function keywordFilterFor(db: Database, bus: EventBus): KeywordFilter {
  let filter = keywordFilters.get(bus);
  if (!filter) keywordFilters.set(bus, (filter = createKeywordFilter({ prisma: db.prisma, bus })));
  return filter;
}

/** One presence tracker per bus, as one per process in the app. */
const presences = new WeakMap<EventBus, Presence>();
export function presenceFor(db: Database, bus: EventBus): Presence {
  let presence = presences.get(bus);
  if (!presence) presences.set(bus, (presence = createPresence({ prisma: db.prisma, bus })));
  return presence;
}

/** What one test "process" gives every call: the database, the bus and generous limits. */
export function testAppContext(db: Database, bus: EventBus) {
  return { db, bus, timeZone: "UTC", limits: generousLimits(), keywordFilter: keywordFilterFor(db, bus), presence: presenceFor(db, bus) };
}

/** A tRPC caller acting as the given user (or anonymous), over the given database and bus. */
export function callerFor(db: Database, bus: EventBus, user: TestUser | null, signal?: AbortSignal) {
  const app = testAppContext(db, bus);
  return createCaller(createContext(app, user ? { id: user.id, role: user.role, sessionId: user.sessionId } : null), { signal });
}

/**
 * A tRPC caller acting as the given user from a given address and browser, as the HTTP and
 * WebSocket handlers build it: for what records where a call came from (the admin audit trail).
 */
export function callerFrom(db: Database, bus: EventBus, user: TestUser, origin: CallOrigin) {
  const app = testAppContext(db, bus);
  return createCaller(createContext(app, { id: user.id, role: user.role, sessionId: user.sessionId }, origin));
}

/**
 * Audit entries by an admin written straight into the table (an INSERT, which the trail allows),
 * one second apart and ending a minute ago, the last given the newest: for tests of the trail's
 * order and pages, where entries written in the same millisecond would have no order to test.
 */
export async function writeAuditEntries(
  prisma: PrismaClient,
  admin: TestUser,
  entries: { action?: string; targetId?: string | null; details?: Record<string, unknown> }[],
): Promise<void> {
  const newest = Date.now() - 60_000;
  await prisma.auditEntry.createMany({
    data: entries.map((entry, k) => ({
      adminId: admin.id,
      adminEmail: admin.email,
      action: entry.action ?? "test.entry",
      targetType: "user",
      targetId: entry.targetId ?? null,
      details: entry.details as Prisma.InputJsonValue | undefined,
      createdAt: new Date(newest - (entries.length - 1 - k) * 1000),
    })),
  });
}

/** message.onMessage through a caller acting as `user`: the stream's iterator, and stop() to end it. */
export async function onMessageAs(
  db: Database,
  bus: EventBus,
  user: TestUser,
  input: { conversationId: string; lastEventId?: string },
) {
  const controller = new AbortController();
  const stream = await callerFor(db, bus, user, controller.signal).message.onMessage(input);
  return { iterator: stream[Symbol.asyncIterator](), stop: () => controller.abort() };
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

/**
 * Runs the call and returns its error's code and message (and, for a call over HTTP, the status
 * the server answered with); fails the test if it succeeds.
 */
export async function failure(call: Promise<unknown>): Promise<{ code: string; message: string; status?: number }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TRPCClientError) {
      const data = error.data as { code?: string } | undefined;
      const response = (error.meta as { response?: Response } | undefined)?.response;
      return { code: data?.code ?? "no tRPC answer", message: error.message, status: response?.status };
    }
    const { code, message } = error as { code: string; message: string };
    return { code, message };
  }
  throw new Error("expected the call to fail");
}

/** An error from a tRPC client in one line: code, HTTP status, message, and the network cause. */
export function describeClientError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { httpStatus?: number; code?: string } | undefined;
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return `${data?.code ?? "no tRPC answer"} ${data?.httpStatus ?? ""}: ${error.message}${cause}`;
  }
  return error instanceof Error ? error.message : String(error);
}
