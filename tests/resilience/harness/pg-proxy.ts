import net from "node:net";
import { track } from "./cleanup";
import { freePort } from "./processes";

/**
 * A TCP proxy in front of Postgres that reads both sides of the wire protocol, so a test can cut
 * one connection at an exact point: right after the server has committed a send and before the
 * client hears that answer. The message is then stored, but the app sees a lost connection, as
 * when the network or the database host fails at that moment.
 *
 * A send commits in one of two ways: a transaction's COMMIT (the full path), or a single statement
 * outside any transaction that inserts into "Message" (the one-statement send, a named prepared
 * statement: its text is seen once, at its Parse, and its executions by the Bind naming it),
 * committed when the server answers its Sync with ReadyForQuery. Either arms the cut; the connection is cut in place
 * of the server's ReadyForQuery that follows, so the commit has happened.
 */
export class PostgresCuttingProxy {
  /** Connections cut after the server committed (see above). */
  cuts = 0;
  private armed = 0;
  private readonly connections = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<PostgresCuttingProxy> {
    const port = await freePort();
    const server = net.createServer();
    const proxy = new PostgresCuttingProxy(server, port);
    server.on("connection", (client) => proxy.handle(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, "127.0.0.1", () => resolve());
    });
    track(
      `postgres proxy on ${port}`,
      async () => {
        for (const socket of proxy.connections) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
      () => server.close(),
    );
    return proxy;
  }

  /** The given URL (e.g. of a database on the target) with host and port of this proxy. */
  urlFor(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = "127.0.0.1";
    url.port = String(this.port);
    return url.toString();
  }

  /** The next `count` commits of sends (on any connection) are cut after the server made them. */
  cutAfterNextCommits(count = 1) {
    this.armed += count;
  }

  private handle(client: net.Socket, target: { host: string; port: number }) {
    const server = net.connect(target);
    this.connections.add(client);
    this.connections.add(server);
    let pending = Buffer.alloc(0);
    let answers = Buffer.alloc(0);
    let startup = true; // the first message(s) have no type byte
    let sslAnswers = 0; // the server answers an SSLRequest with one untyped byte
    let cutOnAnswer = false;
    /** From the server's last ReadyForQuery: 'I' idle, 'T' in a transaction, 'E' failed one. */
    let transactionStatus = "I";
    /**
     * The text of each statement this connection parsed, by name ("" the unnamed one): a named
     * prepared statement (the send's) is parsed once per connection, and every later execution is
     * only a Bind naming it.
     */
    const statements = new Map<string, string>();
    const destroy = () => {
      client.destroy();
      server.destroy();
      this.connections.delete(client);
      this.connections.delete(server);
    };
    client.on("error", destroy);
    server.on("error", destroy);
    client.on("close", destroy);
    server.on("close", destroy);

    client.on("data", (chunk: Buffer) => {
      server.write(chunk);
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        if (startup) {
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          // SSLRequest / GSSENCRequest are followed by another untyped startup message.
          if (code !== 80877103 && code !== 80877104) startup = false;
          else sslAnswers += 1;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0]!);
        const body = pending.subarray(5, 1 + length);
        pending = pending.subarray(1 + length);
        // What runs: a simple Query's text, or, at a Bind, the text of the statement it executes
        // (matching at Parse too would count a first execution twice).
        let sql = "";
        if (type === "Q") sql = body.toString("utf8");
        else if (type === "P") {
          const [name = "", text = ""] = cStrings(body, 2);
          statements.set(name, text);
        } else if (type === "B") sql = statements.get(cStrings(body, 2)[1] ?? "") ?? "";
        if (this.armed === 0) continue;
        const commit = type === "Q" && /^\s*COMMIT\b/i.test(sql);
        const autocommitSend = transactionStatus === "I" && /\bINSERT INTO "Message"/.test(sql);
        if (commit || autocommitSend) {
          this.armed -= 1;
          cutOnAnswer = true;
        }
      }
    });
    server.on("data", (chunk: Buffer) => {
      answers = Buffer.concat([answers, chunk]);
      for (;;) {
        if (sslAnswers > 0) {
          if (answers.length < 1) break;
          sslAnswers -= 1;
          answers = answers.subarray(1);
          continue;
        }
        if (answers.length < 5) break;
        const length = answers.readInt32BE(1);
        if (answers.length < 1 + length) break;
        const type = String.fromCharCode(answers[0]!);
        if (type === "Z") {
          transactionStatus = String.fromCharCode(answers[5]!);
          if (cutOnAnswer) {
            // The server has committed (this is its answer): the client never hears it.
            this.cuts += 1;
            destroy();
            return;
          }
        }
        answers = answers.subarray(1 + length);
      }
      client.write(chunk);
    });
  }
}

/** The first `count` NUL-terminated strings of a protocol message's body. */
function cStrings(body: Buffer, count: number): string[] {
  const found: string[] = [];
  let start = 0;
  while (found.length < count) {
    const end = body.indexOf(0, start);
    if (end < 0) break;
    found.push(body.subarray(start, end).toString("utf8"));
    start = end + 1;
  }
  return found;
}
