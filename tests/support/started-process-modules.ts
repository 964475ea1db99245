/**
 * Starts the app's process services (server-process.ts, without the pages) as configured by the
 * environment, then prints the npm packages this process loaded on one line,
 * "packages <json array>", and stops. Run: node --import tsx tests/support/started-process-modules.ts.
 * Tests use it to check that an optional backend costs nothing when it is not configured.
 */
import { createRequire, register } from "node:module";
import { MessageChannel } from "node:worker_threads";

const urls = new Set<string>();
const { port1, port2 } = new MessageChannel();
port1.on("message", (url: string) => urls.add(url));
register("./record-module-loads.mjs", import.meta.url, { data: { port: port2 }, transferList: [port2] });

const { startServerProcess } = await import("@/server/server-process");
const started = await startServerProcess();
// The hooks post from their own thread: let the last resolutions arrive.
await new Promise((resolve) => setTimeout(resolve, 200));

const files = [...urls, ...Object.keys(createRequire(import.meta.url).cache)];
const packages = new Set(files.map((file) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file)?.[1]).filter(Boolean));
console.log(`packages ${JSON.stringify([...packages].sort())}`);
port1.close();
await started.stop("Packages listed");
process.exit(0);
