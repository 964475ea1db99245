import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createThrowawayDatabase, type ThrowawayDatabase } from "@tests/support/database";
import { TEST_REDIS_URL } from "@tests/support/limits";

/** A token of UploadThing's shape (base64 JSON); nothing is ever sent with it. */
const FAKE_UPLOADTHING_TOKEN = Buffer.from(JSON.stringify({ apiKey: "sk_live_0", appId: "glowtest", regions: ["sea1"] })).toString("base64");

/** What each optional backend loads: none of it belongs in a process that does not use it. */
const OPTIONAL = ["uploadthing", "effect", "ioredis", "sharp", "web-push", "@electric-sql/pglite"];

let database: ThrowawayDatabase | undefined;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "glow-modules-"));
  if (process.env.TEST_DATABASE_URL) database = await createThrowawayDatabase(process.env.TEST_DATABASE_URL, "test");
});
afterAll(async () => {
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The npm packages a started app process (API only) has loaded, with `configured` in its environment. */
async function packagesLoadedWith(configured: Record<string, string>): Promise<string[]> {
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(await freePort()), DATA_DIR: dataDir, SEED_DEMO_ACCOUNTS: "false", ...configured };
  for (const name of ["REDIS_URL", "UPLOADTHING_TOKEN", "DATABASE_URL"]) if (!(name in configured)) delete env[name];
  if (database) env.DATABASE_URL = database.url;
  const child = spawn(process.execPath, ["--import", "tsx", "tests/support/started-process-modules.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const line = /^packages (.*)$/m.exec(output);
  if (code !== 0 || !line) throw new Error(`The app process did not list its packages (exit ${code}):\n${output}`);
  return JSON.parse(line[1]!) as string[];
}

describe("an app process", () => {
  it("loads no optional backend that is not configured: no UploadThing, Redis, sharp or web-push at start", async () => {
    const loaded = await packagesLoadedWith({});
    // The listing sees what the process does load, through require and import alike.
    expect(loaded).toEqual(expect.arrayContaining(["pg", "@trpc/server", "ws"]));
    // Without TEST_DATABASE_URL the process runs on the embedded PGlite, which it then needs.
    const unused = database ? OPTIONAL : OPTIONAL.filter((name) => name !== "@electric-sql/pglite");
    expect(loaded.filter((name) => unused.includes(name))).toEqual([]);
  });

  it("loads UploadThing and ioredis when they are configured", async () => {
    const loaded = await packagesLoadedWith({ REDIS_URL: TEST_REDIS_URL, UPLOADTHING_TOKEN: FAKE_UPLOADTHING_TOKEN });
    expect(loaded).toEqual(expect.arrayContaining(["uploadthing", "ioredis"]));
    // Photos and pushes still wait for their first use.
    expect(loaded).not.toContain("sharp");
    expect(loaded).not.toContain("web-push");
  });
});
