import type { AnyProcedure } from "@trpc/server";
import { beforeAll, describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { callerFor, failure, makeUser, type TestUser } from "@tests/support/fixtures";
import { appRouter } from "./root";

const { db, bus } = databaseForThisFile();

/** Every admin.* procedure, found by walking the router: a new one is covered without a new line here. */
const adminProcedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyProcedure>)
  .filter(([path]) => path.startsWith("admin."))
  .map(([path, procedure]) => ({ path, type: procedure._def.type }));

let users: Record<"customer" | "artist", TestUser>;
beforeAll(async () => {
  users = { customer: await makeUser(db.prisma, "CUSTOMER"), artist: await makeUser(db.prisma, "ARTIST") };
});

/** Calls a procedure by its path with an empty input: the refusal comes before the input is read. */
function call(user: TestUser | null, path: string): Promise<unknown> {
  let target: unknown = callerFor(db, bus, user);
  for (const part of path.split(".")) target = (target as Record<string, unknown>)[part];
  return (target as (input: unknown) => Promise<unknown>)({});
}

describe("Glow support's tools (admin.*)", () => {
  it("exist", () => {
    expect(adminProcedures.map((p) => p.path)).toEqual(expect.arrayContaining(["admin.keywords.add", "admin.keywords.remove", "admin.keywords.list"]));
  });

  for (const { path } of adminProcedures) {
    it(`${path}: customers and artists get FORBIDDEN, anonymous callers UNAUTHORIZED`, async () => {
      for (const role of ["customer", "artist"] as const) {
        expect(await failure(call(users[role], path))).toMatchObject({ code: "FORBIDDEN", message: "Only Glow support can do this." });
      }
      expect(await failure(call(null, path))).toMatchObject({ code: "UNAUTHORIZED" });
    });
  }
});
