/**
 * Push services to push to, on this machine: a real Web Push protocol server (the web-push-testing
 * package: it checks the VAPID signature and decrypts what arrives), and a scripted endpoint that
 * answers what a test tells it to (500s, a hang) and counts what it was sent. Free of test-runner
 * imports, so the e2e specs use it too.
 */
import { createECDH, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";

// Resolved from the project (not import.meta, which Playwright's CommonJS build of a spec lacks).
const require = createRequire(path.join(process.cwd(), "package.json"));

export interface BrowserSubscription {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface LocalPushService {
  /** http://127.0.0.1:<port>: what PUSH_ENDPOINT_ORIGINS must list. */
  origin: string;
  /** A new subscription, as a browser's PushSubscription.toJSON() gives it, for the given VAPID public key. */
  subscribe(applicationServerKey: string): Promise<{ subscription: BrowserSubscription; clientHash: string }>;
  /** What arrived for that subscription so far, decrypted and parsed. */
  notifications<T = unknown>(clientHash: string): Promise<T[]>;
  /** From now on the service answers pushes to it with 410 Gone. */
  expire(clientHash: string): Promise<void>;
  close(): Promise<void>;
}

interface PushApiModelInstance {
  notifyUrl: string;
}
type WebPushTestingServerClass = new (model: PushApiModelInstance, port: number) => { _app: (req: IncomingMessage, res: ServerResponse) => void; setRequestHandlers(): void };

/** The package keeps its model in a module variable: a fresh copy of the module per server. */
function freshWebPushTesting(): { Server: WebPushTestingServerClass; PushApiModel: new () => PushApiModelInstance } {
  const serverPath = require.resolve("web-push-testing/src/server.js");
  const modelPath = require.resolve("web-push-testing/src/PushApiModel.js");
  delete require.cache[serverPath];
  return { Server: require(serverPath) as WebPushTestingServerClass, PushApiModel: (require(modelPath) as { PushApiModel: new () => PushApiModelInstance }).PushApiModel };
}

async function listen(server: Server, port: number): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const close = (server: Server) =>
  new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });

/** The web-push-testing server, in this process, on the given port (0: a free one). */
export async function startLocalPushService(port = 0): Promise<LocalPushService> {
  const { Server: WebPushTestingServer, PushApiModel } = freshWebPushTesting();
  const model = new PushApiModel();
  const testing = new WebPushTestingServer(model, port);
  testing.setRequestHandlers();
  const server = createServer(testing._app);
  const origin = await listen(server, port);
  model.notifyUrl = `${origin}/notify/`;

  const post = async (path: string, body?: unknown) => {
    const response = await fetch(`${origin}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`web-push-testing ${path} answered ${response.status}: ${text}`);
    return (response.headers.get("content-type") ?? "").includes("json") ? (JSON.parse(text) as { data: unknown }) : null;
  };
  return {
    origin,
    async subscribe(applicationServerKey) {
      const answer = (await post("/subscribe", { userVisibleOnly: "true", applicationServerKey }))!.data as BrowserSubscription & { clientHash: string };
      return { subscription: { endpoint: answer.endpoint, keys: answer.keys }, clientHash: answer.clientHash };
    },
    async notifications<T>(clientHash: string) {
      const answer = (await post("/get-notifications", { clientHash }))!.data as { messages: string[] };
      return answer.messages.map((text) => JSON.parse(text) as T);
    },
    async expire(clientHash) {
      await post(`/expire-subscription/${clientHash}`);
    },
    close: () => close(server),
  };
}

/** Where the e2e run's local push service listens: the app's port + 2 (e2e/support/server.ts allows it). */
export const e2ePushServicePort = (appPort: number) => appPort + 2;
export const e2ePushServiceOrigin = (appPort: number) => `http://127.0.0.1:${e2ePushServicePort(appPort)}`;

/** What a scripted endpoint does with the nth push (1-based). */
export type ScriptedAnswer = number | "hang";

export interface ScriptedPushEndpoint {
  origin: string;
  /** A subscription whose endpoint is this server (real keys, so the payload can be encrypted to it). */
  subscription: BrowserSubscription;
  /** When each push arrived (ms since the epoch), in order. */
  arrivals: number[];
  close(): Promise<void>;
}

/** An endpoint that answers the nth push with `script(n)`: a status, or never. */
export async function startScriptedPushEndpoint(script: (n: number) => ScriptedAnswer): Promise<ScriptedPushEndpoint> {
  const arrivals: number[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      arrivals.push(Date.now());
      const answer = script(arrivals.length);
      if (answer !== "hang") res.writeHead(answer).end();
    });
  });
  const origin = await listen(server, 0);
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  return {
    origin,
    subscription: {
      endpoint: `${origin}/push/${randomBytes(8).toString("hex")}`,
      keys: { p256dh: ecdh.getPublicKey().toString("base64url"), auth: randomBytes(16).toString("base64url") },
    },
    arrivals,
    close: () => close(server),
  };
}
