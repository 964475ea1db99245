import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { captureProcessLog } from "@tests/support/memory-log";
import { routeConsoleToLogger } from "./console-bridge";

const METHODS = ["log", "info", "debug", "warn", "error"] as const;
let saved: { console: Array<[string, unknown]>; warningListeners: Array<(warning: Error) => void> };
let log: ReturnType<typeof captureProcessLog>;

beforeEach(() => {
  saved = { console: METHODS.map((method) => [method, console[method]]), warningListeners: process.listeners("warning") };
  log = captureProcessLog("debug");
  routeConsoleToLogger();
});
afterEach(() => {
  for (const [method, original] of saved.console) Object.assign(console, { [method]: original });
  process.removeAllListeners("warning");
  for (const listener of saved.warningListeners) process.on("warning", listener);
  log.restore();
});

describe("production console output", () => {
  it("becomes JSON lines at the matching level, without colour codes", () => {
    console.log("\u001b[32m✓\u001b[39m Running %s took %dms", "next.config.mjs", 36);
    console.warn("careful");
    console.debug("detail");
    expect(log.lines.map((line) => [line.level, line.msg])).toEqual([
      ["info", "✓ Running next.config.mjs took 36ms"],
      ["warn", "careful"],
      ["debug", "detail"],
    ]);
    expect(log.written.every((line) => line.startsWith("{") && line.endsWith("}\n"))).toBe(true);
  });

  it("logs an Error among console.error's arguments by its fields only, not its other properties", () => {
    const error = Object.assign(new Error("render failed"), { digest: "123", detail: "Key (email)=(leak@example.com)" });
    console.error("A page failed:", error);
    expect(log.lines).toEqual([expect.objectContaining({ level: "error", msg: "A page failed:", err: expect.objectContaining({ type: "Error", message: "render failed" }) })]);
    expect(log.written.join("")).not.toContain("leak@example.com");
  });

  it("takes over Node's process warnings", async () => {
    process.emitWarning("client.query() when the client is already executing a query is deprecated", "DeprecationWarning");
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.lines).toEqual([expect.objectContaining({ level: "warn", msg: "process warning", err: expect.objectContaining({ type: "DeprecationWarning" }) })]);
  });
});
