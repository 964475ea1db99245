import { describe, expect, it } from "vitest";
import { databaseForThisFile } from "@tests/support/test-file";
import { authenticateUser, registerUser } from "./users";

const { db } = databaseForThisFile();

describe("authenticateUser", () => {
  it("finds no account, rather than failing with the driver's words, for an email holding the NUL character or half a character", async () => {
    await registerUser(db.prisma, { email: "nul@test.example", password: "correct horse", name: "Nul", role: "CUSTOMER" });
    expect(await authenticateUser(db.prisma, "nul@test.example", "correct horse")).toMatchObject({ email: "nul@test.example" });
    for (const email of ["nul@test.example\u0000", "\u0000", "nul\ud800@test.example"]) {
      expect(await authenticateUser(db.prisma, email, "correct horse")).toBeNull();
    }
  });
});
