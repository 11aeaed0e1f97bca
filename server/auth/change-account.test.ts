import { afterAll, describe, expect, it } from "vitest";
import { ZChangeNameSchema, ZChangePasswordSchema } from "@/lib/auth/account-schemas";
import { AppError } from "@/lib/errors";
import { db } from "@/server/db/client";
import { changeName } from "./change-name";
import { changePassword } from "./change-password";
import { createUserWithPassword, findUserByPassword } from "./users";

afterAll(() => db.$disconnect());

const email = (tag: string) => `${tag}-${process.pid}-${Date.now()}@change-account.example`;

describe("changing my name", () => {
  it("stores naughty strings exactly, as text, without the direction overrides that would draw them reversed", async () => {
    const user = await createUserWithPassword({ name: "Plain", email: email("naughty"), password: "long enough" });
    for (const name of ['<script>alert("x")</script>', "Robert'); DROP TABLE users;--", "${7*7} {{7*7}}", "ﷺ 𝕸𝖆𝖞𝖆 👩🏽‍🎓"]) {
      await changeName(user, ZChangeNameSchema.parse({ name }));
      expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true } })).name).toBe(name);
    }
    await changeName(user, ZChangeNameSchema.parse({ name: "\u202EMaya\u202C" }));
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { name: true } })).name).toBe("Maya");
  });

  it("refuses control characters, empty names and names over 100 characters", () => {
    for (const name of ["Maya\nChen", "Maya\tChen", "Maya\u0007", "Maya\u2028Chen", "   ", "x".repeat(101)]) {
      expect(ZChangeNameSchema.safeParse({ name }).success).toBe(false);
    }
    expect(ZChangeNameSchema.parse({ name: "  Maya Chen  " }).name).toBe("Maya Chen");
  });
});

describe("changing my password", () => {
  it("needs the current password, then revokes every session and takes the new password", async () => {
    const address = email("password");
    const user = await createUserWithPassword({ name: "Pat", email: address, password: "old password" });
    const wrong = changePassword(user, ZChangePasswordSchema.parse({ currentPassword: "not it", newPassword: "new password" }), {
      ip: "203.0.113.9",
      knownDevice: null,
    });
    await expect(wrong).rejects.toThrow(AppError);
    expect(await findUserByPassword(address, "old password")).toMatchObject({ sessionVersion: 0 });

    const version = await changePassword(
      user,
      ZChangePasswordSchema.parse({ currentPassword: "old password", newPassword: "new password" }),
      { ip: "203.0.113.9", knownDevice: null },
    );
    expect(version).toBe(1);
    expect(await findUserByPassword(address, "old password")).toBeNull();
    expect(await findUserByPassword(address, "new password")).toMatchObject({ id: user.id, sessionVersion: 1 });
  });
});
