/**
 * The floor `npm run bench:chat -- --baseline` measures the app against: the least a server must
 * do to store a chat message with the app's guarantees and hand it to every listener, written for
 * the benchmark and nothing else. Plain node:http + ws + pg (a Pool), on a database with the app's
 * schema (the parent applies the app's migrations and inserts users and conversations with SQL).
 *
 * It is a floor, not an app: a socket names its user in the upgrade URL (`/ws?user=<id>`) with no
 * authentication at all, there are no safety rules beyond "the sender is a participant" (no blocks,
 * keyword filter, contact masking or limits), no history replay on subscribe, no presence, push or
 * cross-process bus. What it keeps is what a message costs the database: one statement that takes
 * the conversation's lock, checks the participant, is idempotent on clientId, gives seq = lastSeq
 * + 1 and moves lastSeq and the sender's read position; and publish after that statement returned.
 *
 * Frames (JSON, one per WebSocket message):
 *   → {type:"subscribe", id, conversationId}           ← {type:"subscribed", id}
 *   → {type:"send", id, conversationId, clientId, text} ← {type:"ack", id, message}
 *   ← {type:"error", id, error}                         ← {type:"message", message} (every subscriber)
 * Compiled by servers.ts (esbuild, like the app's server) and run with node, with PORT,
 * DATABASE_URL, POOL_SIZE.
 */
import http from "node:http";
import pg from "pg";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * One round trip per send. The CTEs run in one snapshot, but FOR NO KEY UPDATE waits for the
 * conversation's lock and then reads the newest row version, so lastSeq + 1 is gap-free and
 * unique. A retry that committed while this statement waited for the lock is not in the snapshot
 * (`existing` misses it), and since Message became partitioned by month there is no unique index
 * on (conversationId, clientId) to stop it: the baseline would store such a retry twice. The
 * bench never sends a retry, so the baseline keeps its one statement; the app closes that gap with
 * its xmin check (src/server/services/send-statement.ts).
 */
const SEND_SQL = `
WITH conversation AS (
  SELECT c.id, c."lastSeq"
  FROM "Conversation" c
  WHERE c.id = $1
    AND EXISTS (SELECT 1 FROM "Participant" p WHERE p."conversationId" = c.id AND p."userId" = $2)
  FOR NO KEY UPDATE OF c
),
existing AS (
  SELECT m.id, m."conversationId", m.seq, m."senderId", m.kind, m.text, m."clientId", m."createdAt"
  FROM "Message" m JOIN conversation ON m."conversationId" = conversation.id
  WHERE m."clientId" = $3
),
inserted AS (
  INSERT INTO "Message" (id, "conversationId", seq, "senderId", kind, text, "clientId")
  SELECT gen_random_uuid()::text, conversation.id, conversation."lastSeq" + 1, $2, 'TEXT'::"MessageKind", $4, $3
  FROM conversation
  WHERE NOT EXISTS (SELECT 1 FROM existing)
  RETURNING id, "conversationId", seq, "senderId", kind, text, "clientId", "createdAt"
),
moved AS (
  UPDATE "Conversation" c SET "lastSeq" = inserted.seq, "updatedAt" = inserted."createdAt"
  FROM inserted WHERE c.id = inserted."conversationId"
),
read AS (
  UPDATE "Participant" p SET "lastReadSeq" = inserted.seq, "lastReadAt" = inserted."createdAt"
  FROM inserted WHERE p."conversationId" = inserted."conversationId" AND p."userId" = $2
)
SELECT * FROM inserted
UNION ALL
SELECT * FROM existing`;

const STORED_SQL = `
SELECT id, "conversationId", seq, "senderId", kind, text, "clientId", "createdAt"
FROM "Message" WHERE "conversationId" = $1 AND "clientId" = $2`;

const PARTICIPANT_SQL = `SELECT 1 FROM "Participant" WHERE "conversationId" = $1 AND "userId" = $2`;

interface StoredMessage {
  id: string;
  conversationId: string;
  seq: number;
  senderId: string | null;
  kind: string;
  text: string;
  clientId: string | null;
  createdAt: Date;
}

type Frame =
  | { type: "subscribe"; id: number; conversationId: string }
  | { type: "send"; id: number; conversationId: string; clientId: string; text: string };

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
pool.on("error", () => {}); // an idle client's error; the next query reports a real problem

/** The sockets listening to each conversation: the in-process fan-out. */
const subscribers = new Map<string, Set<WebSocket>>();

function publish(message: StoredMessage): void {
  // Serialised once for every listener.
  const frame = JSON.stringify({ type: "message", message });
  for (const socket of subscribers.get(message.conversationId) ?? []) socket.send(frame);
}

/** Stores the message, or finds the one stored under its clientId (a retry). */
async function sendMessage(senderId: string, frame: Extract<Frame, { type: "send" }>): Promise<StoredMessage> {
  const { rows } = await pool.query<StoredMessage>(SEND_SQL, [
    frame.conversationId,
    senderId,
    frame.clientId,
    frame.text,
  ]);
  let row: StoredMessage | undefined = rows[0];
  if (!row) {
    // Not a participant, or a concurrent retry won (see SEND_SQL).
    row = (await pool.query<StoredMessage>(STORED_SQL, [frame.conversationId, frame.clientId])).rows[0];
    if (!row) throw new Error("Conversation not found.");
  }
  if (row.senderId !== senderId) throw new Error("This clientId was already used for another message.");
  return row;
}

async function subscribe(socket: WebSocket, userId: string, conversationId: string, joined: Set<string>): Promise<void> {
  const { rowCount } = await pool.query(PARTICIPANT_SQL, [conversationId, userId]);
  if (!rowCount) throw new Error("Conversation not found.");
  let set = subscribers.get(conversationId);
  if (!set) subscribers.set(conversationId, (set = new Set()));
  set.add(socket);
  joined.add(conversationId);
}

function serve(socket: WebSocket, userId: string): void {
  const joined = new Set<string>();
  socket.on("message", (data) => {
    let frame: Frame;
    try {
      frame = JSON.parse(data.toString()) as Frame;
    } catch {
      socket.close(1003, "Frames are JSON.");
      return;
    }
    const reply = (body: object) => socket.send(JSON.stringify({ id: frame.id, ...body }));
    const fail = (error: unknown) => reply({ type: "error", error: (error as Error).message });
    if (frame.type === "subscribe") {
      subscribe(socket, userId, frame.conversationId, joined).then(() => reply({ type: "subscribed" }), fail);
    } else if (frame.type === "send") {
      sendMessage(userId, frame).then((message) => {
        reply({ type: "ack", message });
        // After the statement returned, i.e. after the commit; a replay is announced again, as the app does.
        publish(message);
      }, fail);
    } else {
      fail(new Error("Unknown frame type."));
    }
  });
  socket.on("close", () => {
    for (const conversationId of joined) {
      const set = subscribers.get(conversationId);
      set?.delete(socket);
      if (set?.size === 0) subscribers.delete(conversationId);
    }
  });
}

const server = http.createServer((req, res) => {
  if (req.url !== "/health") {
    res.writeHead(404).end();
    return;
  }
  pool.query("SELECT 1").then(
    () => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bus: "in-process" })),
    (error: Error) => res.writeHead(503).end(error.message),
  );
});

const wss = new WebSocketServer({ noServer: true });
server.on("upgrade", (req, socket, head) => {
  const url = new URL(req.url ?? "/", "http://baseline");
  // No authentication: the socket is whoever it says it is (a floor, see the top of the file).
  const userId = url.searchParams.get("user");
  if (url.pathname !== "/ws" || !userId) {
    socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
    return;
  }
  wss.handleUpgrade(req, socket, head, (client) => serve(client, userId));
});

server.listen(Number(process.env.PORT), () => console.log(`baseline listening on :${process.env.PORT}`));

process.once("SIGTERM", () => {
  for (const client of wss.clients) client.terminate();
  server.close();
  void pool.end().finally(() => process.exit(0));
});
