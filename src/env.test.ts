import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEVELOPMENT_VAPID_SUBJECT, EnvError, generateVapidKeys, parseEnv } from "./env";

const SECRET = "a-configured-secret-of-at-least-32-chars";
const KEYS = generateVapidKeys();
/** What production needs besides the secret: a VAPID key pair and a subject. */
const VAPID = { VAPID_PUBLIC_KEY: KEYS.publicKey, VAPID_PRIVATE_KEY: KEYS.privateKey, VAPID_SUBJECT: "mailto:ops@glow.example" };

const tmpDirs: string[] = [];
/** A fresh DATA_DIR that does not exist yet (its parent does). */
function freshDataDir(): string {
  const parent = mkdtempSync(path.join(tmpdir(), "glow-env-test-"));
  tmpDirs.push(parent);
  return path.join(parent, "data");
}
afterAll(() => {
  for (const dir of tmpDirs) rmSync(dir, { recursive: true, force: true });
});

/** The EnvError parseEnv throws for this environment. */
function envError(source: Record<string, string>): EnvError {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return error as EnvError;
  }
  throw new Error(`expected parseEnv to reject ${JSON.stringify(source)}`);
}

/** The contents of every file in a directory (empty when it does not exist). */
function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir).map((name) => readFileSync(path.join(dir, name), "utf8").trim());
  } catch {
    return [];
  }
}

describe("parseEnv", () => {
  it("defaults to development on port 3000 with the embedded database", () => {
    const env = parseEnv({ NEXTAUTH_SECRET: SECRET });
    expect(env.NODE_ENV).toBe("development");
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(env.NEXTAUTH_SECRET).toBe(SECRET);
    expect(env.NEXTAUTH_URL).toBeUndefined();
    expect(env.dataDir).toBe(path.resolve(".data"));
    expect(env.SEED_DEMO_ACCOUNTS).toBe(true);
  });

  it("reads the values it is given", () => {
    const env = parseEnv({
      NODE_ENV: "production",
      PORT: "8080",
      DATABASE_URL: "postgresql://app@db.internal:5432/glow",
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: "https://chat.example",
      SEED_DEMO_ACCOUNTS: "false",
      ...VAPID,
    });
    expect(env).toMatchObject({
      NODE_ENV: "production",
      PORT: 8080,
      DATABASE_URL: "postgresql://app@db.internal:5432/glow",
      NEXTAUTH_URL: "https://chat.example",
      SEED_DEMO_ACCOUNTS: false,
      ...VAPID,
    });
    expect(parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, ...VAPID }).SEED_DEMO_ACCOUNTS).toBe(false);
  });

  it.each(["abc", "70000", "0", "-1", "80.5"])("rejects PORT=%s with an error that names PORT", (port) => {
    const error = envError({ PORT: port, NEXTAUTH_SECRET: SECRET });
    expect(error.message).toMatch(/^\s*PORT: /m);
    expect(error.message).not.toMatch(/DATABASE_URL|NEXTAUTH_SECRET/);
  });

  it("accepts postgres:// and postgresql:// URLs and rejects anything else naming DATABASE_URL", () => {
    for (const url of ["postgres://u@h/db", "postgresql://u:p@h:5432/db"]) {
      expect(parseEnv({ DATABASE_URL: url, NEXTAUTH_SECRET: SECRET }).DATABASE_URL).toBe(url);
    }
    for (const url of ["mysql://u@h/db", "file:./dev.db", "localhost:5432"]) {
      const error = envError({ DATABASE_URL: url, NEXTAUTH_SECRET: SECRET });
      expect(error.message).toMatch(/^\s*DATABASE_URL: .*postgres/m);
    }
  });

  it("refuses to start in production without NEXTAUTH_SECRET, naming it, and writes no secret", () => {
    const dataDir = freshDataDir();
    const error = envError({ NODE_ENV: "production", DATA_DIR: dataDir });
    expect(error.message).toMatch(/^\s*NEXTAUTH_SECRET: /m);
    expect(filesIn(dataDir)).toEqual([]);
  });

  it("rejects a NEXTAUTH_SECRET shorter than 32 characters, naming it", () => {
    const error = envError({ NODE_ENV: "development", NEXTAUTH_SECRET: "too-short", DATA_DIR: freshDataDir() });
    expect(error.message).toMatch(/^\s*NEXTAUTH_SECRET: .*32/m);
  });

  it("keeps messages a year and the audit trail two by default, and rejects retention shorter than a month, naming it", () => {
    const dataDir = freshDataDir();
    expect(parseEnv({ DATA_DIR: dataDir })).toMatchObject({ RETENTION_DAYS: 365, AUDIT_RETENTION_DAYS: 730 });
    expect(parseEnv({ DATA_DIR: dataDir, RETENTION_DAYS: "90", AUDIT_RETENTION_DAYS: "3650" })).toMatchObject({ RETENTION_DAYS: 90, AUDIT_RETENTION_DAYS: 3650 });
    expect(envError({ DATA_DIR: dataDir, RETENTION_DAYS: "7" }).message).toMatch(/RETENTION_DAYS.*at least 31 days/);
    expect(envError({ DATA_DIR: dataDir, AUDIT_RETENTION_DAYS: "a year" }).message).toMatch(/AUDIT_RETENTION_DAYS.*whole number of days/);
  });

  it("in development without NEXTAUTH_SECRET generates one, keeps it in DATA_DIR and reuses it", () => {
    const dataDir = freshDataDir();
    const first = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(first.NEXTAUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(first.dataDir).toBe(dataDir);
    expect(filesIn(dataDir)).toContain(first.NEXTAUTH_SECRET);

    const second = parseEnv({ NODE_ENV: "development", DATA_DIR: dataDir });
    expect(second.NEXTAUTH_SECRET).toBe(first.NEXTAUTH_SECRET);

    const elsewhere = parseEnv({ NODE_ENV: "development", DATA_DIR: freshDataDir() });
    expect(elsewhere.NEXTAUTH_SECRET).not.toBe(first.NEXTAUTH_SECRET);
  });

  it("treats empty strings as unset", () => {
    const dataDir = freshDataDir();
    const env = parseEnv({
      NODE_ENV: "",
      PORT: "",
      DATABASE_URL: "",
      DATABASE_POOL_SIZE: "",
      NEXTAUTH_SECRET: "",
      NEXTAUTH_URL: "",
      SEED_DEMO_ACCOUNTS: "",
      DATA_DIR: dataDir,
    });
    expect(env).toMatchObject({ NODE_ENV: "development", PORT: 3000, DATABASE_POOL_SIZE: 10, SEED_DEMO_ACCOUNTS: true });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.NEXTAUTH_URL).toBeUndefined();
    // an empty secret is no secret: development generates one, production refuses
    expect(filesIn(dataDir)).toContain(env.NEXTAUTH_SECRET);
    expect(envError({ NODE_ENV: "production", NEXTAUTH_SECRET: "", DATA_DIR: freshDataDir() }).message).toMatch(
      /^\s*NEXTAUTH_SECRET: /m,
    );
    // DATA_DIR itself falls back to its default
    expect(parseEnv({ DATA_DIR: "", NEXTAUTH_SECRET: SECRET }).dataDir).toBe(path.resolve(".data"));
  });
});

describe("Web Push settings", () => {
  it("refuses to start in production without the VAPID keys and subject, naming each missing one and how to make keys", () => {
    const dataDir = freshDataDir();
    const none = envError({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, DATA_DIR: dataDir });
    expect(none.message).toMatch(/^\s*VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT: required in production/m);
    expect(none.message).toContain("npx web-push generate-vapid-keys");
    const noSubject = envError({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, DATA_DIR: dataDir, ...VAPID, VAPID_SUBJECT: "" });
    expect(noSubject.message).toMatch(/^\s*VAPID_SUBJECT: required in production/m);
    // production never generates keys of its own
    expect(filesIn(dataDir)).toEqual([]);
  });

  it("takes the configured keys and subject", () => {
    const env = parseEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, ...VAPID, VAPID_SUBJECT: "https://glow.example/contact" });
    expect(env).toMatchObject({ VAPID_PUBLIC_KEY: KEYS.publicKey, VAPID_PRIVATE_KEY: KEYS.privateKey, VAPID_SUBJECT: "https://glow.example/contact" });
  });

  it("rejects keys of the wrong shape, naming the variable and the shape it wants", () => {
    const wrong = [
      ["VAPID_PUBLIC_KEY", "not base64url!"],
      ["VAPID_PUBLIC_KEY", Buffer.alloc(64, 4).toString("base64url")],
      ["VAPID_PUBLIC_KEY", Buffer.concat([Buffer.from([2]), Buffer.alloc(64, 1)]).toString("base64url")],
      ["VAPID_PRIVATE_KEY", Buffer.alloc(31, 1).toString("base64url")],
      ["VAPID_PRIVATE_KEY", "a+b/c="],
    ] as const;
    for (const [name, value] of wrong) {
      const error = envError({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, ...VAPID, [name]: value });
      expect(error.message).toMatch(new RegExp(`^\\s*${name}: must be a base64url P-256 (public|private) key \\((65|32) bytes`, "m"));
    }
  });

  it("rejects a subject that is neither mailto: nor https:", () => {
    for (const subject of ["http://glow.example", "ops@glow.example", "mailto:nobody"]) {
      const error = envError({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, ...VAPID, VAPID_SUBJECT: subject });
      expect(error.message).toMatch(/^\s*VAPID_SUBJECT: must be a mailto: address or an https: URL/m);
    }
  });

  it("rejects two keys that are not one pair, and one key without the other", () => {
    const other = generateVapidKeys();
    expect(envError({ NODE_ENV: "production", NEXTAUTH_SECRET: SECRET, ...VAPID, VAPID_PRIVATE_KEY: other.privateKey }).message).toMatch(
      /^\s*VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: are not one key pair/m,
    );
    expect(envError({ NEXTAUTH_SECRET: SECRET, DATA_DIR: freshDataDir(), VAPID_PUBLIC_KEY: KEYS.publicKey }).message).toMatch(
      /^\s*VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both/m,
    );
  });

  it("in development without keys generates one pair, keeps it in DATA_DIR (owner-only) and reuses it", () => {
    const dataDir = freshDataDir();
    const first = parseEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: SECRET, DATA_DIR: dataDir });
    expect(Buffer.from(first.VAPID_PUBLIC_KEY, "base64url")).toHaveLength(65);
    expect(Buffer.from(first.VAPID_PRIVATE_KEY, "base64url")).toHaveLength(32);
    expect(first.VAPID_SUBJECT).toBe(DEVELOPMENT_VAPID_SUBJECT);
    expect(statSync(path.join(dataDir, "vapid.json")).mode & 0o777).toBe(0o600);

    const second = parseEnv({ NODE_ENV: "test", NEXTAUTH_SECRET: SECRET, DATA_DIR: dataDir, VAPID_SUBJECT: "mailto:me@glow.example" });
    expect(second).toMatchObject({ VAPID_PUBLIC_KEY: first.VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: first.VAPID_PRIVATE_KEY, VAPID_SUBJECT: "mailto:me@glow.example" });

    const elsewhere = parseEnv({ NODE_ENV: "development", NEXTAUTH_SECRET: SECRET, DATA_DIR: freshDataDir() });
    expect(elsewhere.VAPID_PUBLIC_KEY).not.toBe(first.VAPID_PUBLIC_KEY);
  });

  it("reads PUSH_ENDPOINT_ORIGINS as origins, http allowed, and rejects anything else naming it", () => {
    expect(parseEnv({ NEXTAUTH_SECRET: SECRET, ...VAPID }).PUSH_ENDPOINT_ORIGINS).toEqual([]);
    const env = parseEnv({ NEXTAUTH_SECRET: SECRET, ...VAPID, PUSH_ENDPOINT_ORIGINS: "http://127.0.0.1:8090/notify, https://push.example.com" });
    expect(env.PUSH_ENDPOINT_ORIGINS).toEqual(["http://127.0.0.1:8090", "https://push.example.com"]);
    for (const value of ["127.0.0.1:8090", "ftp://push.example.com"]) {
      expect(envError({ NEXTAUTH_SECRET: SECRET, ...VAPID, PUSH_ENDPOINT_ORIGINS: value }).message).toMatch(/^\s*PUSH_ENDPOINT_ORIGINS: /m);
    }
  });

  it("reads LOG_LEVEL (info by default) and rejects an unknown level, naming the variable and the levels", () => {
    expect(parseEnv({ NEXTAUTH_SECRET: SECRET, ...VAPID }).LOG_LEVEL).toBe("info");
    expect(parseEnv({ NEXTAUTH_SECRET: SECRET, ...VAPID, LOG_LEVEL: "debug" }).LOG_LEVEL).toBe("debug");
    const message = envError({ NEXTAUTH_SECRET: SECRET, ...VAPID, LOG_LEVEL: "verbose" }).message;
    expect(message).toMatch(/^\s*LOG_LEVEL: must be one of trace, debug, info, warn, error, fatal, silent$/m);
  });
});
