import net from "node:net";
import { track } from "./cleanup";
import { freePort } from "./processes";

/**
 * A plain TCP proxy that a test can cut: block() drops every connection through it and refuses
 * new ones (a network partition between one app process and a server), unblock() heals it.
 */
export class TcpProxy {
  private blocked = false;
  private readonly sockets = new Set<net.Socket>();

  private constructor(readonly port: number) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort());
    const server = net.createServer((client) => {
      if (proxy.blocked) return void client.destroy();
      const upstream = net.connect(target);
      for (const socket of [client, upstream]) {
        proxy.sockets.add(socket);
        socket.on("error", () => {});
        socket.on("close", () => {
          proxy.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream);
      upstream.pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(proxy.port, "127.0.0.1", () => resolve());
    });
    track(
      `tcp proxy on ${proxy.port}`,
      async () => {
        for (const socket of proxy.sockets) socket.destroy();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
      () => server.close(),
    );
    return proxy;
  }

  /** Drops every open connection and refuses new ones until unblock(). */
  block() {
    this.blocked = true;
    for (const socket of this.sockets) socket.destroy();
  }

  unblock() {
    this.blocked = false;
  }
}
