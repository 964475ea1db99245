import net from "node:net";
import { track } from "./cleanup";
import { freePort } from "./processes";

/**
 * A TCP proxy in front of Postgres that reads the client's side of the wire protocol, so a test
 * can cut one connection at an exact point: right after the server has answered a COMMIT and
 * before the client hears that answer. The transaction is then committed, but the app sees a lost
 * connection, as when the network or the database host fails at that moment.
 */
export class PostgresCuttingProxy {
  /** Connections cut after their COMMIT was answered by the server. */
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

  /** The next `count` COMMITs (on any connection) are cut after the server answered them. */
  cutAfterNextCommits(count = 1) {
    this.armed += count;
  }

  private handle(client: net.Socket, target: { host: string; port: number }) {
    const server = net.connect(target);
    this.connections.add(client);
    this.connections.add(server);
    let pending = Buffer.alloc(0);
    let startup = true; // the first message(s) have no type byte
    let cutOnAnswer = false;
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
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const type = String.fromCharCode(pending[0]!);
        const body = pending.subarray(5, 1 + length);
        pending = pending.subarray(1 + length);
        if (this.armed > 0 && type === "Q" && /^\s*COMMIT\b/i.test(body.toString("utf8"))) {
          this.armed -= 1;
          cutOnAnswer = true;
        }
      }
    });
    server.on("data", (chunk: Buffer) => {
      if (cutOnAnswer) {
        // The server has processed the COMMIT (this is its answer): the client never hears it.
        this.cuts += 1;
        destroy();
        return;
      }
      client.write(chunk);
    });
  }
}
