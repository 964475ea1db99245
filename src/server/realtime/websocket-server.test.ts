import { randomUUID } from "node:crypto";
import { TRPCClientError } from "@trpc/client";
import WebSocket from "ws";
import { afterEach, describe, expect, it } from "vitest";
import type { AppRouter } from "@/server/routers/root";
import { apiServerForThisFile, databaseForThisFile } from "@tests/support/test-file";
import { conversationPair, makeUser, NO_SUCH_ID, type TestUser } from "@tests/support/fixtures";
import { httpClient, SESSION_COOKIE, sessionCookie, sessionToken, startApiServer, wsClient } from "@tests/support/api-server";
import { MessageSubscription } from "@tests/support/message-subscription";
import { closed, connectRaw as connectRawSocket, openRaw as openRawSocket, type Upgrade } from "@tests/support/raw-socket";
import { waitFor, within } from "@tests/support/wait";
import { MAX_FRAME_BYTES } from "./websocket-server";

const { db, bus } = databaseForThisFile();
const server = apiServerForThisFile({ db, bus });
/** Closed after each test, whatever it left open. */
const openedHere: (() => unknown)[] = [];

afterEach(async () => {
  await Promise.all(openedHere.splice(0).map((close) => close()));
});

const pair = () => conversationPair(db, bus);

/** A raw WebSocket handshake with this test's server (or another): the socket opens, or the server answers. */
async function connectRaw(headers: Record<string, string>, url = server.wsUrl): Promise<Upgrade> {
  const result = await connectRawSocket(url, headers);
  if (result.opened) openedHere.push(() => result.socket.terminate());
  return result;
}

async function openRaw(headers: Record<string, string>, url = server.wsUrl): Promise<WebSocket> {
  const socket = await openRawSocket(url, headers);
  openedHere.push(() => socket.terminate());
  return socket;
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

/** message.onMessage over the real wsLink client, opened with the user's session cookie. */
async function subscribeAs(user: TestUser, input: { conversationId: string; lastEventId?: string }) {
  const subscription = new MessageSubscription(server.wsUrl, { cookie: await sessionCookie(user) }, input);
  openedHere.push(() => subscription.close());
  return subscription;
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

  it("opens, with nothing configured, for a signed-in page of this machine on the app's port (localhost or 127.0.0.1)", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const port = new URL(server.url).port;
    for (const origin of [`http://127.0.0.1:${port}`, `http://localhost:${port}`]) {
      const socket = await openRaw({ cookie: await sessionCookie(user), origin });
      expect(await whoAmI(socket)).toBe(user.id);
    }
    // ...but not on another port, nor over another scheme
    for (const origin of [`http://localhost:${Number(port) + 1}`, `https://localhost:${port}`]) {
      expect(await connectRaw({ cookie: await sessionCookie(user), origin })).toMatchObject({ opened: false, status: 403 });
    }
  });

  it("is refused with 403 for a forged Host header whose Origin matches it: the allowed origins come from configuration", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    for (const host of ["evil.example", "evil.example:80", `attacker.example:${new URL(server.url).port}`]) {
      const result = await connectRaw({ cookie: await sessionCookie(user), host, origin: `http://${host}` });
      expect(result).toMatchObject({ opened: false, status: 403 });
    }
  });

  it("opens for a page served from a configured origin (NEXTAUTH_URL, ALLOWED_ORIGINS), and for no other, whatever the Host", async () => {
    const other = await startApiServer({ db, bus, allowedOrigins: ["https://chat.example", "https://app.example:8443"] });
    openedHere.push(() => other.close());
    const user = await makeUser(db.prisma, "CUSTOMER");
    for (const origin of ["https://chat.example", "https://app.example:8443"]) {
      const socket = await openRaw({ cookie: await sessionCookie(user), origin, host: "whatever.example" }, other.wsUrl);
      expect(await whoAmI(socket)).toBe(user.id);
    }
    // Configured origins replace the local default; "null" (a sandboxed page) is nobody's origin.
    for (const origin of [other.url, "http://chat.example", "https://app.example", "null"]) {
      expect(await connectRaw({ cookie: await sessionCookie(user), origin }, other.wsUrl)).toMatchObject({ opened: false, status: 403 });
    }
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
    const subscription = await subscribeAs(customer, { conversationId });
    // "started" goes out once the procedure has begun (its participant check is already in flight);
    // the send below (a new HTTP request and a multi-statement transaction) commits well after that.
    await subscription.started();

    const sent = await sendOverHttp(artist, conversationId, "hello from the studio");
    await subscription.delivered(1);
    const [delivered] = subscription.received;

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
    await first.delivered(1);
    const [seen] = first.received;
    first.unsubscribe();

    await sendOverHttp(artist, conversationId, "missed 1");
    await sendOverHttp(customer, conversationId, "missed 2");

    const resumed = await subscribeAs(customer, { conversationId, lastEventId: seen!.id });
    await resumed.delivered(2);
    await sendOverHttp(artist, conversationId, "live");
    await resumed.wait(() => resumed.received.some((item) => item.data.text === "live"), "the live message");

    expect(resumed.received.map((item) => [item.id, item.data.text])).toEqual([
      ["2", "missed 1"],
      ["3", "missed 2"],
      ["4", "live"],
    ]);
  });

  it("gives a stranger NOT_FOUND, the same as for a conversation that does not exist", async () => {
    const { conversationId } = await pair();
    const stranger = await makeUser(db.prisma, "CUSTOMER");
    for (const id of [conversationId, NO_SUCH_ID]) {
      const subscription = await subscribeAs(stranger, { conversationId: id, lastEventId: "0" });
      await expect(subscription.wait(() => false, "the error")).rejects.toThrow(/^the subscription failed while waiting for the error: NOT_FOUND/);
      expect(subscription.errors).toHaveLength(1);
      const [error] = subscription.errors;
      expect(error).toBeInstanceOf(TRPCClientError);
      expect((error as TRPCClientError<AppRouter>).data?.code).toBe("NOT_FOUND");
      expect(subscription.received).toEqual([]);
    }
  });
});

describe("presence", () => {
  const isOnline = (user: TestUser, expected: boolean) =>
    waitFor(async () => (await server.app.presence.isOnline(user.id)) === expected, `${user.name} to be ${expected ? "online" : "offline"}`, {
      timeoutMs: 10_000,
      intervalMs: 20,
    });

  it("counts every socket on its own: a user is online while any of their sockets is open", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const cookie = await sessionCookie(user);
    const [first, second] = [await openRaw({ cookie }), await openRaw({ cookie })];
    await isOnline(user, true);
    const open = server.app.connectionCount();
    first.close();
    // The server has seen it close (its presence was told in the same turn).
    await waitFor(() => server.app.connectionCount() === open - 1, "the server to see the first socket close", { timeoutMs: 10_000, intervalMs: 10 });
    // The second socket is still open: another tab, another connection id.
    expect(await server.app.presence.isOnline(user.id)).toBe(true);
    second.close();
    await isOnline(user, false);
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lastSeenAt).toBeInstanceOf(Date);
  });

  it("takes user.setFocus for the socket it comes over, and drops that focus when the socket closes", async () => {
    const user = await makeUser(db.prisma, "CUSTOMER");
    const cookie = await sessionCookie(user);
    const focusing = wsClient(server.wsUrl, { cookie });
    openedHere.push(() => focusing.close());
    const other = await openRaw({ cookie });
    expect(await focusing.client.user.setFocus.mutate({ focused: true })).toEqual({ focused: true });
    expect(await server.app.presence.hasFocusedTab(user.id)).toBe(true);
    const open = server.app.connectionCount();
    other.close();
    await waitFor(() => server.app.connectionCount() === open - 1, "the server to see the other socket close", { timeoutMs: 10_000, intervalMs: 10 });
    expect(await server.app.presence.hasFocusedTab(user.id)).toBe(true);
    await focusing.close();
    await waitFor(async () => !(await server.app.presence.hasFocusedTab(user.id)), "the focus to go with its socket", { timeoutMs: 10_000, intervalMs: 20 });
    // Over HTTP there is no socket to focus.
    const overHttp = httpClient(server.url, { cookie }).user.setFocus.mutate({ focused: true });
    await expect(overHttp).rejects.toMatchObject({ data: { code: "BAD_REQUEST" } });
  });
});

describe("keep-alive", () => {
  it("disconnects a client that never answers PING, and keeps one that answers PONG", async () => {
    const quick = await startApiServer({ db, bus, keepAlive: { pingMs: 200, pongWaitMs: 200 } });
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
    const stopping = await startApiServer({ db, bus });
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
