import { randomUUID } from "node:crypto";
import { TRPCClientError } from "@trpc/client";
import { expect } from "vitest";
import type WebSocket from "ws";
import { connectDatabase } from "@/server/db/connect";
import type { MessageDTO } from "@/server/services/message-dto";
import { httpClient, sessionCookie } from "@tests/support/api-server";
import { queryOnce } from "@tests/support/database";
import { describeClientError, makePair, type TestUser } from "@tests/support/fixtures";
import { MessageSubscription, summarize, type Delivered } from "@tests/support/message-subscription";
import { openRaw } from "@tests/support/raw-socket";
import { Changes, sleep } from "@tests/support/wait";
import { track } from "./cleanup";
import { SESSION_SECRET } from "./processes";

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
  const users = await makePair(db.prisma).finally(() => db.close());
  const person = async (user: TestUser): Promise<Person> => {
    const cookie = await sessionCookie(user, SESSION_SECRET);
    return { user, cookie, http: (url) => httpClient(url, { cookie }) };
  };
  const customer = await person(users.customer);
  const artist = await person(users.artist);
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
      if (!isRetryable(error)) throw new Error(`send "${input.text}" failed for good: ${describeClientError(error)}`, { cause: error });
      failures.push(describeClientError(error));
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
  private readonly acks = new Changes();

  constructor(
    readonly conversationId: string,
    private readonly senders: Sender[],
  ) {}

  /**
   * Both participants sending through one app (http://127.0.0.1:<port>), each from `tabs` tabs
   * (senders), so that several sends are in flight at once.
   */
  static through(appUrl: string, conversation: Conversation, tabs = 1): MessageStream {
    const senders = Array.from({ length: tabs }, (_, tab) =>
      (["customer", "artist"] as const).map((side) => ({
        name: tabs === 1 ? side : `${side} tab ${tab + 1}`,
        userId: conversation[side].user.id,
        client: conversation[side].http(appUrl),
      })),
    ).flat();
    return new MessageStream(conversation.id, senders);
  }

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
          this.acks.notify();
          if (options.paceMs) await sleep(options.paceMs);
        }
        return mine;
      }),
    );
    return results.flat();
  }

  /** Resolves once at least `count` messages of this stream have been acknowledged in all. */
  waitAcked(count: number, timeoutMs = 30_000): Promise<void> {
    return this.acks.until(() => this.acked.length >= count, () => `${count} acknowledged sends (have ${this.acked.length})`, timeoutMs);
  }

  /** The acknowledgements that needed more than one attempt. */
  retried(): SentMessage[] {
    return this.acked.filter((sent) => sent.attempts > 1);
  }
}

/**
 * message.onMessage as the browser subscribes (reconnecting every 100 ms, resuming with the last
 * tracked id), opened with a session cookie and released with everything else by releaseAll().
 */
export class Subscriber extends MessageSubscription {
  /** Subscribes and waits until the server has started the subscription. */
  static async open(wsUrl: string, cookie: string, input: { conversationId: string; lastEventId?: string | null }) {
    const subscriber = new Subscriber(wsUrl, { cookie }, input, { retryDelayMs: 100 });
    track(`subscriber on ${wsUrl}`, () => subscriber.close(), () => {});
    await subscriber.started(30_000);
    return subscriber;
  }

  /** Subscribes as `person` to the whole conversation, from its first message. */
  static fromStart(wsUrl: string, person: Person, conversation: { id: string }) {
    return Subscriber.open(wsUrl, person.cookie, { conversationId: conversation.id, lastEventId: "0" });
  }

  /** Waits until `count` messages have been delivered (duplicates count: the assertion finds them). */
  until(count: number, timeoutMs = 30_000): Promise<void> {
    return this.delivered(count, timeoutMs);
  }
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
  const socket = await openRaw(wsUrl, { cookie });
  track(`raw socket to ${wsUrl}`, async () => socket.terminate(), () => socket.terminate());
  const messages: string[] = [];
  socket.on("message", (data) => messages.push(data.toString()));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return { socket, messages, closed };
}

/** What most resilience tests then break: a conversation with sends under way and a live subscriber. */
export interface LiveConversation {
  conversation: Conversation;
  stream: MessageStream;
  subscriber: Subscriber;
}

/**
 * A new conversation whose two participants send through app `from` (each from `tabs` tabs), one
 * of them (`listener`) subscribed through app `to` from the first message, and `warmUp` messages
 * already sent and delivered: the moment before something is broken on purpose.
 */
export async function liveConversation(
  databaseUrl: string,
  options: { from: { url: string }; to: { wsUrl: string }; listener: "customer" | "artist"; tabs?: number; warmUp: number },
): Promise<LiveConversation> {
  const conversation = await createConversation(databaseUrl, options.from.url);
  const stream = MessageStream.through(options.from.url, conversation, options.tabs);
  const subscriber = await Subscriber.fromStart(options.to.wsUrl, conversation[options.listener], conversation);
  await stream.sendBatch(options.warmUp, { label: "warm-up" });
  await subscriber.until(options.warmUp);
  return { conversation, stream, subscriber };
}
