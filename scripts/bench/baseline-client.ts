/**
 * The baseline's side of the load: the same Listener as the app's (load.ts), speaking the
 * baseline server's JSON frames (baseline-server.ts) on one plain WebSocket per user.
 */
import { performance } from "node:perf_hooks";
import WS from "ws";
import type { BenchUser } from "./accounts";
import type { DeliverySink, Listener, SendInput } from "./load";

type Reply = { id: number; type: "subscribed" | "ack" } | { id: number; type: "error"; error: string };
type Delivery = { type: "message"; message: { clientId: string | null } };

export function connectBaseline(user: BenchUser, conversationId: string, sink: DeliverySink): Listener {
  const problems: string[] = [];
  const socket = new WS(`${user.baseUrl.replace(/^http/, "ws")}/ws?user=${encodeURIComponent(user.id)}`);
  const waiting = new Map<number, { resolve(): void; reject(error: Error): void }>();
  let nextId = 1;
  let closing = false;
  const opened = new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  opened.catch(() => {}); // reported through `started` and problems

  const request = async (frame: object): Promise<void> => {
    await opened;
    const id = nextId++;
    const answered = new Promise<void>((resolve, reject) => waiting.set(id, { resolve, reject }));
    socket.send(JSON.stringify({ ...frame, id }));
    return answered;
  };

  socket.on("message", (data) => {
    const frame = JSON.parse(data.toString()) as Reply | Delivery;
    if (frame.type === "message") {
      sink.receive(user.id, frame.message, performance.now());
      return;
    }
    const request = waiting.get(frame.id);
    waiting.delete(frame.id);
    if (frame.type === "error") request?.reject(new Error(frame.error));
    else request?.resolve();
  });
  socket.on("close", (code) => {
    if (!closing) problems.push(`${user.email}: socket closed (code ${code})`);
    for (const request of waiting.values()) request.reject(new Error("The socket closed before the answer."));
    waiting.clear();
  });
  socket.on("error", (error) => problems.push(`${user.email}: ${error.message}`));

  const started = request({ type: "subscribe", conversationId });
  started.catch((error: Error) => problems.push(`${user.email}: subscription error: ${error.message}`));
  const listener: Listener = {
    user,
    started,
    isStarted: false,
    problems,
    send: (input: SendInput) => request({ type: "send", ...input }),
    close() {
      closing = true;
      socket.close();
    },
  };
  void started.then(() => (listener.isStarted = true), () => {});
  return listener;
}
