import { format } from "node:util";
import { logger } from "./logger";

const ANSI_ESCAPE = /\u001b\[[0-9;]*m/g;
const LEVEL_OF = { log: "info", info: "info", debug: "debug", warn: "warn", error: "error" } as const;

/**
 * In production every line on stdout is the logger's JSON, including what Next and libraries
 * print through console.* ("Running next.config.mjs took 36ms", a render error) and Node's
 * process warnings (pg's deprecation notice), which would otherwise be plain text lines among
 * the JSON ones. An Error among the arguments is logged through errorFields (name, message,
 * code, stack), never printed whole with whatever properties it carries.
 */
export function routeConsoleToLogger(): void {
  for (const [method, level] of Object.entries(LEVEL_OF) as Array<[keyof typeof LEVEL_OF, (typeof LEVEL_OF)[keyof typeof LEVEL_OF]]>) {
    console[method] = (...args: unknown[]) => {
      const error = args.find((arg) => arg instanceof Error);
      const message = format(...args.filter((arg) => arg !== error))
        .replace(ANSI_ESCAPE, "")
        .trim();
      logger()[level](error ? { err: error } : {}, message);
    };
  }
  // Node prints warnings to stderr through its own listener: this one replaces it.
  process.removeAllListeners("warning");
  process.on("warning", (warning) => logger().warn({ err: warning }, "process warning"));
}
