import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Limits } from "@/server/limits";
import { limitsInRedis, uniqueKeyPrefix } from "@tests/support/limits";
import { databaseForThisFile } from "@tests/support/test-file";
import { RateLimitedError } from "./errors";
import { signInWithPassword } from "./sign-in";
import { registerUser } from "./users";

const { db } = databaseForThisFile();
const PASSWORD = "the right password";
const opened: Limits[] = [];
afterAll(async () => {
  await Promise.all(opened.map((limits) => limits.close()));
});

/** Two app processes' limits (3 failures per account) counting in the same Redis. */
async function twoProcesses(): Promise<[Limits, Limits]> {
  const prefix = uniqueKeyPrefix();
  const both = await Promise.all([limitsInRedis({ signInFailuresPer15Min: 3 }, prefix), limitsInRedis({ signInFailuresPer15Min: 3 }, prefix)]);
  opened.push(...both);
  return both;
}

let n = 0;
async function account(): Promise<string> {
  const email = `signer-${++n}-${Date.now()}@test.example`;
  await registerUser(db.prisma, { email, password: PASSWORD, name: "Signer", role: "CUSTOMER" });
  return email;
}

const signIn = (limits: Limits, email: string, password: string) =>
  signInWithPassword({ prisma: db.prisma, signInFailures: limits.signInFailures }, email, password);

let A: Limits;
let B: Limits;
beforeAll(async () => {
  [A, B] = await twoProcesses();
});

describe("failed sign-ins are limited per account, across processes", () => {
  it("after 3 failures (on either process) even the right password is refused, with a sentence; another account is not affected", async () => {
    const email = await account();
    expect(await signIn(A, email, "wrong 1")).toBeNull();
    expect(await signIn(B, email, "wrong 2")).toBeNull();
    expect(await signIn(A, email.toUpperCase(), "wrong 3")).toBeNull(); // the same account, however written
    const refused = await signIn(B, email, PASSWORD).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect((refused as RateLimitedError).message).toBe("Too many failed sign-ins for this account. Try again in 15 minutes.");

    const other = await account();
    expect(await signIn(A, other, PASSWORD)).toMatchObject({ email: other });
  });

  it("a right password does not count as a failure", async () => {
    const email = await account();
    for (let i = 0; i < 5; i++) expect(await signIn(i % 2 ? A : B, email, PASSWORD)).toMatchObject({ email });
    expect(await signIn(A, email, "wrong")).toBeNull();
  });

  it("20 guesses at once, split over both processes, get at most 3 passwords checked", async () => {
    const email = await account();
    const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => signIn(i % 2 ? A : B, email, `guess ${i}`)));
    const checked = results.filter((r) => r.status === "fulfilled");
    const refused = results.flatMap((r) => (r.status === "rejected" ? [r.reason as unknown] : []));
    expect(checked).toHaveLength(3);
    expect(refused).toHaveLength(17);
    for (const error of refused) expect(error).toBeInstanceOf(RateLimitedError);
  });
});
