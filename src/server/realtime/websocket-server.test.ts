import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { TRPCClientError } from "@trpc/client";
import WebSocket from "ws";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "@/server/db";
import type { AppRouter } from "@/server/routers/root";
import type { MessageDTO } from "@/server/services/message-dto";
import { createTestDatabase } from "@/server/testing/database";
import { callerFor, makeUser, testBus, type TestUser } from "@/server/testing/fixtures";
import {
  httpClient,
  SESSION_COOKIE,
  sessionCookie,
  sessionToken,
  startChatServer,
  installTestSessionSecret,
  wsClient,
  type TestChatServer,
} from "@/server/testing/http-server";
import { MAX_FRAME_BYTES } from "./websocket-server";

installTestSessionSecret();

let db: Database;
const bus = testBus();
let server: TestChatServer;
/** Closed after each test, whatever it left open. */
const openedHere: (() => unknown)[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  server = await startChatServer({ db, bus });
});
afterEach(async () => {
  await Promise.all(openedHere.splice(0).map((close) => close()));
});
afterAll(async () => {
  await server?.close();
  await bus.close();
  await db?.close();
});

async function pair() {
  const customer = await makeUser(db.prisma, "CUSTOMER");
  const artist = await makeUser(db.prisma, "ARTIST");
  const { id } = await callerFor(db, bus, customer).conversation.getOrCreate({ participantId: artist.id });
  return { customer, artist, conversationId: id };
}

/** Fails with a description instead of hanging when something never happens. */
function within<T>(promise: Promise<T>, what: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

type Upgrade = { opened: true; socket: WebSocket } | { opened: false; status: number; body: string };

/** A raw WebSocket handshake: either the socket opens or the server answers with a status. */
function connectRaw(headers: Record<string, string>, url = server.wsUrl): Promise<Upgrade> {
  return within(
    new Promise<Upgrade>((resolve, reject) => {
      const socket = new WebSocket(url, { headers });
      socket.once("open", () => {
        openedHere.push(() => socket.terminate());
        resolve({ opened: true, socket });
      });
      socket.once("unexpected-response", (_req, res: IncomingMessage) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ opened: false, status: res.statusCode ?? 0, body }));
      });
      socket.once("error", reject);
    }),
    "the WebSocket handshake",
  );
}

async function openRaw(headers: Record<string, string>, url = server.wsUrl): Promise<WebSocket> {
  const result = await connectRaw(headers, url);
  if (!result.opened) throw new Error(`expected the socket to open, got HTTP ${result.status}: ${result.body}`);
  return result.socket;
}

/** Asks user.me over a raw socket (as a tRPC client would), optionally padding the frame to `size` bytes. */
function whoAmI(socket: WebSocket, size?: number): Promise<string> {
  const call = JSON.stringify({ id: 1, method: "query", params: { path: "user.me", input: { json: null } } });
  const answer = new Promise<string>((resolve, reject) =>
    socket.once("message", (data) => {
      const reply = JSON.parse(data.toString()) as { result?: { data?: { json?: { id?: string } } } };
      const id = reply.result?.data?.json?.id;
      if (id) resolve(id);
      else reject(new Error(`unexpected reply to user.me: ${data.toString()}`));
    }),
  );
  socket.send(size ? call + " ".repeat(size - Buffer.byteLength(call)) : call);
  return within(answer, "the answer to user.me");
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return within(
    new Promise((resolve) => socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() }))),
    "the socket to close",
  );
}

/** Collects what a subscription delivers; lets a test wait until a condition holds. */
function collect<T>() {
  const items: T[] = [];
  let error: unknown;
  const waiters = new Set<() => void>();
  const notify = () => waiters.forEach((wake) => wake());
  return {
    items,
    push(item: T) {
      items.push(item);
      notify();
    },
    fail(cause: unknown) {
      error = cause;
      notify();
    },
    get error() {
      return error;
    },
    until(condition: (items: T[]) => boolean, what: string): Promise<T[]> {
      return within(
        new Promise<T[]>((resolve, reject) => {
          const check = () => {
            if (condition(items)) resolve([...items]);
            else if (error) reject(error);
            else return;
            waiters.delete(check);
          };
          waiters.add(check);
          check();
        }),
        what,
      );
    },
  };
}

type Delivered = { id: string; data: MessageDTO };

/** message.onMessage over the real wsLink client, opened with the user's session cookie. */
async function subscribeAs(user: TestUser, input: { conversationId: string; lastEventId?: string }) {
  const { client, close } = wsClient(server.wsUrl, { cookie: await sessionCookie(user) });
  openedHere.push(close);
  const received = collect<Delivered>();
  let started!: () => void;
  const isStarted = new Promise<void>((resolve) => (started = resolve));
  const subscription = client.message.onMessage.subscribe(input, {
    onStarted: () => started(),
    onData: (item) => received.push(item),
    onError: (error) => received.fail(error),
  });
  openedHere.push(() => subscription.unsubscribe());
  return { received, started: () => within(isStarted, "the subscription to start"), subscription };
}

async function sendOverHttp(user: TestUser, conversationId: string, text: string) {
  const client = httpClient(server.url, { cookie: await sessionCookie(user) });
  return client.message.send.mutate({ conversationId, clientId: randomUUID(), text });
}

describe("the WebSocket upgrade at /api/ws", () => {
  it("is refused with 401 without a session", async () => {
    const result = await connectRaw({});
    expect(result).toMatchObject({ opened: false, status: 401 });
  });

  it("is refused with 401 for a forged, garbled or expired session cookie", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const forged = await sessionToken(user, "an-attacker-secret-that-is-long-enough-0000");
    const expired = await sessionToken(user, undefined, -3600);
    for (const token of [forged, "not-a-jwt", expired]) {
      const result = await connectRaw({ cookie: `${SESSION_COOKIE}=${token}` });
      expect(result).toMatchObject({ opened: false, status: 401 });
    }
    // and the same holds for the Authorization header
    const viaHeader = await connectRaw({ authorization: `Bearer ${forged}` });
    expect(viaHeader).toMatchObject({ opened: false, status: 401 });
    // while a genuine token in either place opens
    const genuine = await sessionToken(user);
    expect(await whoAmI(await openRaw({ cookie: `${SESSION_COOKIE}=${genuine}` }))).toBe(user.id);
    expect(await whoAmI(await openRaw({ authorization: `Bearer ${genuine}` }))).toBe(user.id);
  });

  it("is refused with 403 from a foreign Origin even with a valid session", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const result = await connectRaw({ cookie: await sessionCookie(user), origin: "http://evil.example" });
    expect(result).toMatchObject({ opened: false, status: 403 });
  });

  it("opens for a signed-in page of the same origin", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const socket = await openRaw({ cookie: await sessionCookie(user), origin: server.url });
    expect(await whoAmI(socket)).toBe(user.id);
  });

  it("opens for a page served from the configured public URL", async () => {
    const other = await startChatServer({ db, bus, publicUrl: "https://chat.example" });
    openedHere.push(() => other.close());
    const user = await makeUser(db.prisma, "CUSTOMER");
    const socket = await openRaw({ cookie: await sessionCookie(user), origin: "https://chat.example" }, other.wsUrl);
    expect(await whoAmI(socket)).toBe(user.id);
  });
});

describe("frames", () => {
  it(`accept a ${MAX_FRAME_BYTES}-byte frame and close the socket with 1009 for a larger one`, async () => {
    expect(MAX_FRAME_BYTES).toBe(64 * 1024);
    const user = await makeUser(db.prisma, "CUSTOMER");
    const socket = await openRaw({ cookie: await sessionCookie(user) });

    // exactly at the limit: a tRPC call padded with whitespace is still answered
    expect(await whoAmI(socket, MAX_FRAME_BYTES)).toBe(user.id);

    const closing = closed(socket);
    socket.send("x".repeat(MAX_FRAME_BYTES + 1));
    expect((await closing).code).toBe(1009);
  });

  it("close the socket with 1009 for a message over the limit split into small frames", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const socket = await openRaw({ cookie: await sessionCookie(user) });
    const closing = closed(socket);
    const part = "x".repeat(MAX_FRAME_BYTES / 4);
    for (let i = 0; i < 4; i++) socket.send(part, { fin: false });
    socket.send("x", { fin: true });
    expect((await closing).code).toBe(1009);
  });
});

describe("message.onMessage over the WebSocket (wsLink with the session cookie)", () => {
  it("delivers, live, a message the artist sends over HTTP, with id equal to its seq", async () => {
    const { customer, artist, conversationId } = await pair();
    await sendOverHttp(artist, conversationId, "before subscribing");
    const { received, started } = await subscribeAs(customer, { conversationId });
    // "started" goes out once the procedure has begun (its participant check is already in flight);
    // the send below (a new HTTP request and a multi-statement transaction) commits well after that.
    await started();

    const sent = await sendOverHttp(artist, conversationId, "hello from the studio");
    const [delivered] = await received.until((items) => items.length >= 1, "the live message");

    expect(sent.seq).toBe(2);
    expect(delivered!.id).toBe(String(sent.seq));
    expect(delivered!.data).toMatchObject({ id: sent.id, seq: 2, senderId: artist.id, text: "hello from the studio" });
    expect(delivered!.data.createdAt).toBeInstanceOf(Date);
  });

  it("resumed with lastEventId, yields each missed message once, in order, then live ones", async () => {
    const { customer, artist, conversationId } = await pair();
    const first = await subscribeAs(customer, { conversationId, lastEventId: "0" });
    await first.started();
    await sendOverHttp(artist, conversationId, "seen");
    const [seen] = await first.received.until((items) => items.length >= 1, "the first message");
    first.subscription.unsubscribe();

    await sendOverHttp(artist, conversationId, "missed 1");
    await sendOverHttp(customer, conversationId, "missed 2");

    const resumed = await subscribeAs(customer, { conversationId, lastEventId: seen!.id });
    await resumed.received.until((items) => items.length >= 2, "the missed messages");
    await sendOverHttp(artist, conversationId, "live");
    const items = await resumed.received.until((all) => all.some((item) => item.data.text === "live"), "the live message");

    expect(items.map((item) => [item.id, item.data.text])).toEqual([
      ["2", "missed 1"],
      ["3", "missed 2"],
      ["4", "live"],
    ]);
  });

  it("gives a stranger NOT_FOUND, the same as for a conversation that does not exist", async () => {
    const { conversationId } = await pair();
    const stranger = await makeUser(db.prisma, "CUSTOMER");
    for (const id of [conversationId, "does-not-exist"]) {
      const { received } = await subscribeAs(stranger, { conversationId: id, lastEventId: "0" });
      await expect(received.until(() => false, "the error")).rejects.toBeInstanceOf(TRPCClientError);
      const error = received.error as TRPCClientError<AppRouter>;
      expect(error.data?.code).toBe("NOT_FOUND");
      expect(received.items).toEqual([]);
    }
  });
});

describe("keep-alive", () => {
  it("disconnects a client that never answers PING, and keeps one that answers PONG", async () => {
    const quick = await startChatServer({ db, bus, keepAlive: { pingMs: 200, pongWaitMs: 200 } });
    openedHere.push(() => quick.close());
    const user = await makeUser(db.prisma, "CUSTOMER");
    const cookie = await sessionCookie(user);

    const silent = await openRaw({ cookie }, quick.wsUrl);
    const silentPings: string[] = [];
    silent.on("message", (data) => silentPings.push(data.toString()));
    const silentClosed = closed(silent);

    const answering = await openRaw({ cookie }, quick.wsUrl);
    let pings = 0;
    const threePings = within(
      new Promise<void>((resolve) =>
        answering.on("message", (data) => {
          if (data.toString() !== "PING") return;
          answering.send("PONG");
          if (++pings === 3) resolve();
        }),
      ),
      "three PINGs",
    );
    let answeringClosed = false;
    answering.on("close", () => (answeringClosed = true));

    await silentClosed;
    expect(silentPings).toContain("PING");
    // Three PINGs, each answered, span more than one ping + pong wait: the answering client outlived the silent one.
    await threePings;
    expect(answeringClosed).toBe(false);
    expect(answering.readyState).toBe(WebSocket.OPEN);
  });
});

describe("stopRealtime", () => {
  it("tells every client to reconnect, then closes them with 1012", async () => {
    const stopping = await startChatServer({ db, bus });
    openedHere.push(() => stopping.close());
    const sockets = await Promise.all(
      [await makeUser(db.prisma, "CUSTOMER"), await makeUser(db.prisma, "ARTIST")].map(async (user) =>
        openRaw({ cookie: await sessionCookie(user) }, stopping.wsUrl),
      ),
    );
    const outcomes = sockets.map((socket) => {
      const messages: string[] = [];
      socket.on("message", (data) => messages.push(data.toString()));
      return closed(socket).then((close) => ({ ...close, messagesBeforeClose: [...messages] }));
    });

    await stopping.app.stopRealtime();

    for (const outcome of await Promise.all(outcomes)) {
      expect(outcome.code).toBe(1012);
      expect(outcome.messagesBeforeClose.some((m) => m.includes('"method":"reconnect"'))).toBe(true);
    }
    expect(stopping.app.connectionCount()).toBe(0);
  });
});
