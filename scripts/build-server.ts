/**
 * `npm run build` (after `next build`): compiles server.ts and the server code it imports into
 * plain JavaScript under .next/glow-server/, which `npm start` runs with node alone.
 *
 * Why: running TypeScript through tsx in production costs memory for as long as the process lives
 * (its module hooks run in a second V8 instance, and it turns on source maps, so Node keeps the
 * source map of every module it loads, Next's included). Measured on one idle process: README,
 * "Memory". npm packages stay outside the bundle, loaded from node_modules as before; each dynamic
 * import() stays a separate file, so an optional backend that is not configured is never read.
 */
import { build } from "esbuild";

const SERVER_OUT_DIR = ".next/glow-server";

await build({
  entryPoints: ["server.ts"],
  outdir: SERVER_OUT_DIR,
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  tsconfig: "tsconfig.json",
  logLevel: "warning",
});
console.log(`Compiled the server to ${SERVER_OUT_DIR}/server.mjs`);
