import { randomBytes } from "node:crypto";
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
});

export type Env = Omit<z.infer<typeof EnvSchema>, "NEXTAUTH_SECRET" | "SEED_DEMO_ACCOUNTS"> & {
  NEXTAUTH_SECRET: string;
  SEED_DEMO_ACCOUNTS: boolean;
  dataDir: string;
};

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
  return {
    ...env,
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
