import { randomUUID } from "node:crypto";
import { createTRPCClient, createWSClient, TRPCClientError, wsLink } from "@trpc/client";
import superjson from "superjson";
import { expect } from "vitest";
import WebSocket from "ws";
import { connectDatabase } from "@/server/db/connect";
import type { AppRouter } from "@/server/routers/root";
import type { MessageDTO } from "@/server/services/message-dto";
import { makeUser, type TestUser } from "@/server/testing/fixtures";
import { httpClient, sessionCookie } from "@/server/testing/http-server";
import { track } from "./cleanup";
import { SESSION_SECRET } from "./processes";
import { queryOnce } from "./postgres";
import { sleep, waitFor, within } from "./wait";

export type HttpClient = ReturnType<typeof httpClient>;

export interface Person {
  user: TestUser;
  /** The next-auth session cookie, signed with the app processes' secret. */
  cookie: string;
  /** A tRPC HTTP client for this person against the given app (http://127.0.0.1:<port>). */
  http(appUrl: string): HttpClient;
}

export interface Conversation {
  id: string;
  customer: Person;
  artist: Person;
}

/**
 * A customer and an artist (inserted directly) and their conversation, created over HTTP through
 * `appUrl` as the customer would.
 */
export async function createConversation(databaseUrl: string, appUrl: string): Promise<Conversation> {
  const db = await connectDatabase({ kind: "postgres", url: databaseUrl, poolSize: 2 });
  let customerUser: TestUser;
  let artistUser: TestUser;
  try {
    customerUser = await makeUser(db.prisma, "CUSTOMER");
    artistUser = await makeUser(db.prisma, "ARTIST");
  } finally {
    await db.close();
  }
  const person = async (user: TestUser): Promise<Person> => {
    const cookie = await sessionCookie(user, SESSION_SECRET);
    return { user, cookie, http: (url) => httpClient(url, { cookie }) };
  };
  const customer = await person(customerUser);
  const artist = await person(artistUser);
  const { id } = await customer.http(appUrl).conversation.getOrCreate.mutate({ participantId: artist.user.id });
  return { id, customer, artist };
}

/** Whether a failed send is worth retrying with the same clientId (as the browser outbox does). */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof TRPCClientError)) return true;
  const data = error.data as { httpStatus?: number; code?: string } | undefined;
  if (!data) return true; // no tRPC answer: network error, aborted, non-JSON proxy page
  return (data.httpStatus ?? 500) >= 500 || data.code === "INTERNAL_SERVER_ERROR";
}

function describeError(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const data = error.data as { httpStatus?: number; code?: string } | undefined;
    const cause = error.cause instanceof Error ? ` (cause: ${error.cause.message})` : "";
    return `${data?.code ?? "no tRPC answer"} ${data?.httpStatus ?? ""}: ${error.message}${cause}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export interface SentMessage {
  clientId: string;
  text: string;
  senderId: string;
  /** The seq in the acknowledgement. */
  seq: number;
  /** 1 when the first attempt was acknowledged. */
  attempts: number;
  /** The errors of the failed attempts. */
  failures: string[];
  ackedAt: number;
}

/**
 * Sends one message like the browser outbox: one clientId for good, and on a network error, a
 * 5xx or INTERNAL_SERVER_ERROR, waits and retries with the same clientId until acknowledged.
 * Any other error (4xx) is final and thrown.
 */
export async function sendWithRetry(
  client: HttpClient,
  input: { conversationId: string; text: string; clientId?: string },
  options: { retryDelayMs?: number; attemptTimeoutMs?: number; deadlineMs?: number } = {},
): Promise<{ message: MessageDTO; attempts: number; failures: string[] }> {
  const clientId = input.clientId ?? randomUUID();
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const failures: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      const message = await client.message.send.mutate(
        { conversationId: input.conversationId, clientId, text: input.text },
        { signal: AbortSignal.timeout(options.attemptTimeoutMs ?? 20_000) },
      );
      return { message, attempts: attempt, failures };
    } catch (error) {
      if (!isRetryable(error)) throw new Error(`send "${input.text}" failed for good: ${describeError(error)}`, { cause: error });
      failures.push(describeError(error));
      if (Date.now() > deadline) {
        throw new Error(`send "${input.text}" not acknowledged after ${attempt} attempts; errors: ${failures.join(" | ")}`);
      }
      await sleep(options.retryDelayMs ?? 200);
    }
  }
}

export interface Sender {
  name: string;
  userId: string;
  client: HttpClient;
}

/**
 * A stream of messages into one conversation from several senders, each sending its messages one
 * after another (so the senders' sends overlap). Every acknowledgement is recorded.
 */
export class MessageStream {
  readonly acked: SentMessage[] = [];
  private counter = 0;
  private readonly ackWaiters = new Set<() => void>();

  constructor(
    readonly conversationId: string,
    private readonly senders: Sender[],
  ) {}

  /** Sends `count` messages, round-robin over the senders; resolves when all are acknowledged. */
  async sendBatch(count: number, options: { paceMs?: number; label?: string } = {}): Promise<SentMessage[]> {
    const perSender = this.senders.map(() => [] as string[]);
    for (let i = 0; i < count; i += 1) {
      this.counter += 1;
      perSender[i % this.senders.length]!.push(`${options.label ?? "msg"} ${this.counter}`);
    }
    const results = await Promise.all(
      this.senders.map(async (sender, index) => {
        const mine: SentMessage[] = [];
        for (const body of perSender[index]!) {
          const text = `${body} from ${sender.name}`;
          const clientId = randomUUID();
          const { message, attempts, failures } = await sendWithRetry(sender.client, {
            conversationId: this.conversationId,
            clientId,
            text,
          });
          if (message.clientId !== clientId || message.text !== text) {
            throw new Error(`the acknowledgement of "${text}" is another message: ${JSON.stringify(message)}`);
          }
          const sent = { clientId, text, senderId: sender.userId, seq: message.seq, attempts, failures, ackedAt: Date.now() };
          mine.push(sent);
          this.acked.push(sent);
          for (const wake of this.ackWaiters) wake();
          if (options.paceMs) await sleep(options.paceMs);
        }
        return mine;
      }),
    );
    return results.flat();
  }

  /** Resolves once at least `count` messages of this stream have been acknowledged in all. */
  waitAcked(count: number, timeoutMs = 30_000): Promise<void> {
    return within(
      new Promise<void>((resolve) => {
        const check = () => {
          if (this.acked.length < count) return;
          this.ackWaiters.delete(check);
          resolve();
        };
        this.ackWaiters.add(check);
        check();
      }),
      `${count} acknowledged sends (have ${this.acked.length})`,
      timeoutMs,
    );
  }

  /** The acknowledgements that needed more than one attempt. */
  retried(): SentMessage[] {
    return this.acked.filter((sent) => sent.attempts > 1);
  }
}

export type Delivered = { id: string; data: MessageDTO };

/**
 * message.onMessage over a real tRPC wsLink client (reconnecting every 100 ms, resuming with the
 * last tracked id), opened with a session cookie, collecting everything it delivers.
 */
export class Subscriber {
  readonly received: Delivered[] = [];
  readonly errors: unknown[] = [];
  /** Socket opens and closes seen by the tRPC client (a reconnect = a second open). */
  opens = 0;
  closes = 0;
  starts = 0;
  private readonly waiters = new Set<() => void>();
  private readonly release: () => Promise<void>;

  private constructor(
    readonly wsUrl: string,
    cookie: string,
    input: { conversationId: string; lastEventId?: string | null },
  ) {
    class WebSocketWithCookie extends WebSocket {
      constructor(address: string | URL) {
        super(address, { headers: { cookie } });
      }
    }
    const socket = createWSClient({
      url: wsUrl,
      WebSocket: WebSocketWithCookie as unknown as typeof globalThis.WebSocket,
      retryDelayMs: () => 100,
      onOpen: () => {
        this.opens += 1;
      },
      onClose: () => {
        this.closes += 1;
      },
    });
    const client = createTRPCClient<AppRouter>({ links: [wsLink({ client: socket, transformer: superjson })] });
    const subscription = client.message.onMessage.subscribe(input, {
      onStarted: () => {
        this.starts += 1;
        this.notify();
      },
      onData: (item) => {
        this.received.push(item as Delivered);
        this.notify();
      },
      onError: (error) => {
        this.errors.push(error);
        this.notify();
      },
    });
    const close = async () => {
      subscription.unsubscribe();
      await socket.close();
    };
    this.release = track(`subscriber on ${wsUrl}`, close, () => {});
  }

  /** Subscribes and waits until the server has started the subscription. */
  static async open(wsUrl: string, cookie: string, input: { conversationId: string; lastEventId?: string | null }) {
    const subscriber = new Subscriber(wsUrl, cookie, input);
    await subscriber.wait(() => subscriber.starts > 0, `the subscription on ${wsUrl} to start`, 30_000);
    return subscriber;
  }

  private notify() {
    for (const wake of this.waiters) wake();
  }

  /** Waits until `condition` holds; fails at once if the subscription errored. */
  wait(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
    let check: () => void = () => {};
    return within(
      new Promise<void>((resolve, reject) => {
        check = () => {
          if (this.errors.length) reject(new Error(`the subscription failed while waiting for ${what}: ${describeError(this.errors[0])}`));
          else if (condition()) resolve();
          else return;
          this.waiters.delete(check);
        };
        this.waiters.add(check);
        check();
      }),
      `${what} (received ${this.received.length}: seqs ${summarize(this.received.map((d) => d.data.seq))})`,
      timeoutMs,
    ).finally(() => this.waiters.delete(check));
  }

  /** Waits until `count` messages have been delivered (duplicates count: the assertion finds them). */
  until(count: number, timeoutMs = 30_000): Promise<void> {
    return this.wait(() => this.received.length >= count, `${count} deliveries on ${this.wsUrl}`, timeoutMs);
  }

  close(): Promise<void> {
    return this.release();
  }
}

/** "1-20, 22, 22, 23-40" */
export function summarize(seqs: number[]): string {
  const parts: string[] = [];
  let start: number | undefined;
  let prev: number | undefined;
  for (const seq of [...seqs, Number.NaN]) {
    if (prev !== undefined && seq === prev + 1) {
      prev = seq;
      continue;
    }
    if (start !== undefined && prev !== undefined) parts.push(start === prev ? `${start}` : `${start}-${prev}`);
    start = seq;
    prev = seq;
  }
  return parts.join(", ") || "none";
}

export interface StoredMessage {
  seq: number;
  clientId: string | null;
  senderId: string | null;
  text: string;
}

/** The conversation's messages in the database, by seq, and its lastSeq. */
export async function readStored(databaseUrl: string, conversationId: string) {
  const rows = await queryOnce<StoredMessage>(
    databaseUrl,
    `SELECT seq, "clientId", "senderId", text FROM "Message" WHERE "conversationId" = $1 ORDER BY seq`,
    [conversationId],
  );
  const [conversation] = await queryOnce<{ lastSeq: number }>(databaseUrl, `SELECT "lastSeq" FROM "Conversation" WHERE id = $1`, [
    conversationId,
  ]);
  return { rows, lastSeq: conversation?.lastSeq ?? null };
}

/**
 * The whole claim: the database holds each acknowledged message exactly once with seqs 1..N, and
 * the subscriber delivered each exactly once, in seq order, with the stored content.
 */
export function expectExactlyOnce(
  stored: { rows: StoredMessage[]; lastSeq: number | null },
  acked: SentMessage[],
  delivered: Delivered[],
): void {
  const n = acked.length;
  // Every send acknowledged once, with distinct seqs.
  expect(new Set(acked.map((s) => s.clientId)).size, "distinct clientIds among the acknowledgements").toBe(n);
  expect(
    [...acked.map((s) => s.seq)].sort((a, b) => a - b),
    "the acknowledged seqs are 1..N",
  ).toEqual(Array.from({ length: n }, (_, i) => i + 1));

  // The database: N rows, seq 1..N, each clientId once, each one of ours, lastSeq = N.
  expect(stored.rows.map((r) => r.seq), "stored seqs").toEqual(Array.from({ length: n }, (_, i) => i + 1));
  const storedIds = stored.rows.map((r) => r.clientId);
  const duplicatesInDb = storedIds.filter((id, i) => storedIds.indexOf(id) !== i);
  expect(duplicatesInDb, "clientIds stored more than once").toEqual([]);
  const bySeq = new Map(acked.map((s) => [s.seq, s]));
  for (const row of stored.rows) {
    const sent = bySeq.get(row.seq);
    expect({ seq: row.seq, clientId: row.clientId, text: row.text }, `stored message ${row.seq}`).toEqual({
      seq: row.seq,
      clientId: sent?.clientId,
      text: sent?.text,
    });
  }
  expect(stored.lastSeq, "Conversation.lastSeq").toBe(n);

  // The subscriber: ids "1".."N" in order, nothing twice, nothing missing, the stored content.
  const seqs = delivered.map((d) => d.data.seq);
  const twice = seqs.filter((seq, i) => seqs.indexOf(seq) !== i);
  const missing = stored.rows.map((r) => r.seq).filter((seq) => !seqs.includes(seq));
  const outOfOrder = seqs.filter((seq, i) => i > 0 && seq <= seqs[i - 1]!);
  expect(
    { delivered: delivered.length, twice, missing, outOfOrder },
    `deliveries (seqs: ${summarize(seqs)})`,
  ).toEqual({ delivered: n, twice: [], missing: [], outOfOrder: [] });
  expect(delivered.map((d) => d.id), "tracked ids are the seqs").toEqual(seqs.map(String));
  for (const d of delivered) {
    const row = stored.rows[d.data.seq - 1];
    expect({ seq: d.data.seq, clientId: d.data.clientId, text: d.data.text }, `delivered message ${d.data.seq}`).toEqual({
      seq: row?.seq,
      clientId: row?.clientId,
      text: row?.text,
    });
  }
}

/** After the last expected delivery, waits a little for anything that should not come (a duplicate). */
export async function settle(subscriber: Subscriber, expected: number, ms = 500): Promise<void> {
  await sleep(ms);
  expect(subscriber.received.length, "deliveries after settling (a larger number is a duplicate)").toBe(expected);
}

export interface RawSocket {
  socket: WebSocket;
  /** Every text frame received. */
  messages: string[];
  closed: Promise<{ code: number; reason: string }>;
}

/** A plain WebSocket to /api/ws with the session cookie (no tRPC client in between). */
export async function openRawSocket(wsUrl: string, cookie: string): Promise<RawSocket> {
  const socket = new WebSocket(wsUrl, { headers: { cookie } });
  const messages: string[] = [];
  socket.on("message", (data) => messages.push(data.toString()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await within(
    new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("unexpected-response", (_req, res) => reject(new Error(`socket refused with HTTP ${res.statusCode}`)));
      socket.once("error", reject);
    }),
    `a raw socket to ${wsUrl} to open`,
    15_000,
  );
  track(`raw socket to ${wsUrl}`, async () => socket.terminate(), () => socket.terminate());
  return { socket, messages, closed };
}

export { waitFor };
