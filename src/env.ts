import { createECDH, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

/**
 * The only reader of process.env. Validated once; a bad variable stops the start with an error
 * that names it.
 */
/** A positive whole number with a default: every limit is one. */
const limit = (fallback: number) =>
  z.coerce
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(1, "must be 1 or more")
    .max(1_000_000_000, "must be at most 1000000000")
    .default(fallback);

/** What a VAPID key looks like, for the messages that reject one. */
const VAPID_KEY_SHAPE = {
  public: "a base64url P-256 public key (65 bytes, uncompressed; npx web-push generate-vapid-keys prints one)",
  private: "a base64url P-256 private key (32 bytes; npx web-push generate-vapid-keys prints one)",
};

/** Unpadded base64url that decodes to exactly `bytes` bytes. */
function isKeyOfBytes(value: string, bytes: number): boolean {
  return /^[A-Za-z0-9_-]+$/.test(value) && Buffer.from(value, "base64url").length === bytes;
}

/** pino's levels, most verbose first. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce
    .number({ error: "must be a port number" })
    .int("must be a whole number")
    .min(1, "must be between 1 and 65535")
    .max(65535, "must be between 1 and 65535")
    .default(3000),
  DATABASE_URL: z
    .string()
    .trim()
    .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL")
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)").optional(),
  NEXTAUTH_URL: z.url("must be an absolute URL such as http://localhost:3000").optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  /** The zone booking times are written in, in system messages ("Sat 14 Mar 10:00"). */
  APP_TIME_ZONE: z
    .string()
    .default("UTC")
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat("en-GB", { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, "must be an IANA time zone such as Europe/London"),
  /** Fan events out to every app process through Redis; unset = this process only. */
  REDIS_URL: z
    .string()
    .trim()
    .refine((v) => /^rediss?:\/\//.test(v), "must be a redis:// or rediss:// URL")
    .optional(),
  /** Store photos on UploadThing instead of local disk. */
  UPLOADTHING_TOKEN: z.string().min(1).optional(),
  /** Messages older than this go, a whole month at a time, with their photos (maintenance job). */
  RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(31, "must be at least 31 days (history is removed a whole month at a time)")
    .max(36_500, "must be at most 36500 days")
    .default(365),
  /** The audit trail and resolved reports older than this go (maintenance job). */
  AUDIT_RETENTION_DAYS: z.coerce
    .number({ error: "must be a whole number of days" })
    .int("must be a whole number of days")
    .min(31, "must be at least 31 days (the audit trail is removed a whole month at a time)")
    .max(36_500, "must be at most 36500 days")
    .default(730),
  /** The least severe log lines written (src/server/log/logger.ts); "silent" writes none. */
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` })
    .default("info"),
  /** The bearer token of GET /api/metrics (Prometheus); the endpoint answers 404 while unset. */
  METRICS_TOKEN: z.string().trim().min(16, "must be at least 16 characters (e.g. openssl rand -hex 24)").optional(),
  SEED_DEMO_ACCOUNTS: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === "true")),
  /**
   * The first admin of a fresh deployment: created at start when no account has this email (an
   * existing account is never changed). Both or neither; `npm run admin:create` makes others.
   */
  BOOTSTRAP_ADMIN_EMAIL: z.email("must be an email address").optional(),
  BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(200).optional(),

  // Fair limits (README, "Security model"). Counted across processes through Redis when
  // REDIS_URL is set, in this process otherwise.
  /** message.send: this many at once, then SEND_LIMIT_PER_SECOND, per user. */
  SEND_LIMIT_BURST: limit(20),
  SEND_LIMIT_PER_SECOND: limit(5),
  /** auth.register per client IP per hour. */
  REGISTER_LIMIT_PER_HOUR: limit(20),
  /** Failed sign-ins per account per 15 minutes. */
  SIGN_IN_FAILURES_PER_15_MIN: limit(10),
  /** Photo uploads per user per hour. */
  UPLOAD_LIMIT_PER_HOUR: limit(120),
  /** Calls in one tRPC HTTP batch. */
  MAX_BATCH_SIZE: limit(10),
  MAX_SUBSCRIPTIONS_PER_SOCKET: limit(100),
  /** Open WebSockets per user, across processes. */
  MAX_SOCKETS_PER_USER: limit(20),
  /** Take the client IP from X-Forwarded-For (only behind a proxy that sets it). */
  TRUST_PROXY: z
    .enum(["true", "false"], { error: 'must be "true" or "false"' })
    .default("false")
    .transform((v) => v === "true"),
  /** Origins, besides NEXTAUTH_URL's, whose pages may open the WebSocket: comma-separated URLs. */
  ALLOWED_ORIGINS: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const origins: string[] = [];
      for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
        try {
          origins.push(new URL(part).origin);
        } catch {
          ctx.addIssue({ code: "custom", message: `"${part}" is not a URL such as https://app.example.com` });
        }
      }
      return origins;
    }),

  // Web Push (README, "Receipts, presence and notifications"). Required in production; generated
  // once under DATA_DIR otherwise.
  /** The VAPID key pair push services know this server by (npx web-push generate-vapid-keys). */
  VAPID_PUBLIC_KEY: z
    .string()
    .trim()
    .refine((v) => isKeyOfBytes(v, 65) && Buffer.from(v, "base64url")[0] === 4, `must be ${VAPID_KEY_SHAPE.public}`)
    .optional(),
  VAPID_PRIVATE_KEY: z.string().trim().refine((v) => isKeyOfBytes(v, 32), `must be ${VAPID_KEY_SHAPE.private}`).optional(),
  /** How push services reach whoever runs this server: a mailto: or https: URL. */
  VAPID_SUBJECT: z
    .string()
    .trim()
    .refine((v) => /^mailto:[^@\s]+@[^@\s]+$/.test(v) || /^https:\/\/[^\s/]+/.test(v), "must be a mailto: address or an https: URL, such as mailto:support@glow.example")
    .optional(),
  /**
   * Push endpoints accepted besides the browsers' own push services (FCM, Mozilla, Windows, Apple):
   * comma-separated origins, http allowed. For tests and a local push server only.
   */
  PUSH_ENDPOINT_ORIGINS: z
    .string()
    .default("")
    .transform((v, ctx) => {
      const origins: string[] = [];
      for (const part of v.split(",").map((p) => p.trim()).filter(Boolean)) {
        const url = URL.canParse(part) ? new URL(part) : null;
        if (url && (url.protocol === "https:" || url.protocol === "http:")) origins.push(url.origin);
        else ctx.addIssue({ code: "custom", message: `"${part}" is not an origin such as http://127.0.0.1:8090` });
      }
      return origins;
    }),
});

type VapidVariable = "VAPID_PUBLIC_KEY" | "VAPID_PRIVATE_KEY" | "VAPID_SUBJECT";

export type Env = Omit<z.infer<typeof EnvSchema>, "NEXTAUTH_SECRET" | "SEED_DEMO_ACCOUNTS" | VapidVariable> & {
  NEXTAUTH_SECRET: string;
  SEED_DEMO_ACCOUNTS: boolean;
  dataDir: string;
} & Record<VapidVariable, string>;

export class EnvError extends Error {}

type EnvSource = Record<string, string | undefined>;

function emptyToUndefined(source: EnvSource): EnvSource {
  return Object.fromEntries(Object.entries(source).map(([k, v]) => [k, v === "" ? undefined : v]));
}

/** In development a secret is generated once and kept under the data dir, so sessions survive restarts. */
function developmentSecret(dataDir: string): string {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  try {
    writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
    return secret;
  } catch (error) {
    // Another process (a script beside the dev server) wrote it first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readFileSync(file, "utf8").trim();
    throw error;
  }
}

export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

/** A new P-256 key pair, base64url, as `npx web-push generate-vapid-keys` makes one. */
export function generateVapidKeys(): VapidKeys {
  const ecdh = createECDH("prime256v1");
  ecdh.generateKeys();
  // getPrivateKey drops leading zero bytes; VAPID wants all 32.
  const privateKey = ecdh.getPrivateKey();
  return {
    publicKey: ecdh.getPublicKey().toString("base64url"),
    privateKey: Buffer.concat([Buffer.alloc(32 - privateKey.length), privateKey]).toString("base64url"),
  };
}

/** Whether the private key is the public key's other half. */
function isVapidPair(keys: VapidKeys): boolean {
  try {
    const ecdh = createECDH("prime256v1");
    ecdh.setPrivateKey(Buffer.from(keys.privateKey, "base64url"));
    return ecdh.getPublicKey().equals(Buffer.from(keys.publicKey, "base64url"));
  } catch {
    return false;
  }
}

/** In development the VAPID keys are generated once and kept under the data dir, so subscriptions survive restarts. */
function developmentVapidKeys(dataDir: string): VapidKeys {
  const file = path.join(dataDir, "vapid.json");
  const read = () => JSON.parse(readFileSync(file, "utf8")) as VapidKeys;
  if (existsSync(file)) return read();
  mkdirSync(dataDir, { recursive: true });
  const keys = generateVapidKeys();
  try {
    writeFileSync(file, JSON.stringify(keys), { mode: 0o600, flag: "wx" });
    return keys;
  } catch (error) {
    // Another process (a script beside the dev server) wrote them first: use theirs.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return read();
    throw error;
  }
}

/** The subject development pushes carry when VAPID_SUBJECT is unset. */
export const DEVELOPMENT_VAPID_SUBJECT = "mailto:push@glow.example";

function invalid(line: string): EnvError {
  return new EnvError(`Invalid environment variables:\n  ${line}\nSee .env.example.`);
}

/** The VAPID keys and subject: as configured, or in development generated once under the data dir. */
function vapidFrom(env: z.infer<typeof EnvSchema>, dataDir: string): Record<VapidVariable, string> {
  const { VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT } = env;
  if (env.NODE_ENV === "production") {
    const missing = (["VAPID_PUBLIC_KEY", "VAPID_PRIVATE_KEY", "VAPID_SUBJECT"] as const).filter((name) => env[name] === undefined);
    if (missing.length > 0) {
      throw invalid(
        `${missing.join(", ")}: required in production (a key pair from \`npx web-push generate-vapid-keys\`, and a mailto: or https: URL where push services can reach you)`,
      );
    }
  }
  if ((VAPID_PUBLIC_KEY === undefined) !== (VAPID_PRIVATE_KEY === undefined)) {
    throw invalid("VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: set both (one key pair from `npx web-push generate-vapid-keys`) or neither");
  }
  const keys = VAPID_PUBLIC_KEY && VAPID_PRIVATE_KEY ? { publicKey: VAPID_PUBLIC_KEY, privateKey: VAPID_PRIVATE_KEY } : developmentVapidKeys(dataDir);
  if (!isVapidPair(keys)) {
    throw invalid("VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: are not one key pair (the private key does not belong to the public key)");
  }
  return { VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey, VAPID_SUBJECT: VAPID_SUBJECT ?? DEVELOPMENT_VAPID_SUBJECT };
}

export function parseEnv(source: EnvSource): Env {
  const parsed = EnvSchema.safeParse(emptyToUndefined(source));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment variables:\n${lines.join("\n")}\nSee .env.example.`);
  }
  const env = parsed.data;
  const dataDir = path.resolve(env.DATA_DIR);
  if (!env.NEXTAUTH_SECRET && env.NODE_ENV === "production") {
    throw new EnvError(
      "Invalid environment variables:\n  NEXTAUTH_SECRET: is required in production (try: openssl rand -base64 32)\nSee .env.example.",
    );
  }
  if ((env.BOOTSTRAP_ADMIN_EMAIL === undefined) !== (env.BOOTSTRAP_ADMIN_PASSWORD === undefined)) {
    throw new EnvError(
      "Invalid environment variables:\n  BOOTSTRAP_ADMIN_EMAIL, BOOTSTRAP_ADMIN_PASSWORD: set both (the first admin's email and password) or neither\nSee .env.example.",
    );
  }
  const vapid = vapidFrom(env, dataDir);
  return {
    ...env,
    ...vapid,
    dataDir,
    NEXTAUTH_SECRET: env.NEXTAUTH_SECRET ?? developmentSecret(dataDir),
    SEED_DEMO_ACCOUNTS: env.SEED_DEMO_ACCOUNTS ?? env.NODE_ENV !== "production",
  };
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}
