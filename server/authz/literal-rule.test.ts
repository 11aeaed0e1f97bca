import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import { authzLiteralRule } from "../../eslint.config.mjs";

// The lint rule (eslint.config.mjs) that keeps role and visibility names out of comparisons outside
// server/authz/ and lib/: it must catch each shape of comparison, and leave id comparisons alone.
const linter = new Linter({ configType: "flat" });
const lint = (code: string) =>
  linter
    .verify(code, [{ languageOptions: { ecmaVersion: 2022, sourceType: "module" }, rules: { "no-restricted-syntax": authzLiteralRule } }])
    .map((message) => message.line);

describe("the role and visibility literal rule", () => {
  it("fails on ===, !==, includes (both ways round) and switch cases naming a role or a visibility", () => {
    expect(lint(`if (membership.role === "owner") allow();`)).toEqual([1]);
    expect(lint(`if ("instructors" !== annotation.visibility) deny();`)).toEqual([1]);
    // What it caught in the tree: components/reader/reader-workspace.tsx re-deriving "may moderate".
    expect(lint(`const canModerate = ["owner", "instructor"].includes(role);`)).toEqual([1, 1]);
    expect(lint(`const isStaff = staffRoles.includes("instructor");`)).toEqual([1]);
    expect(lint(`switch (visibility) { case "private": break; case "group": break; }`)).toEqual([1, 1]);
  });

  it("lets display-only id comparisons and other words through", () => {
    expect(lint(`const isMine = author.id === viewer.id;`)).toEqual([]);
    expect(lint(`if (status === "saving") wait();`)).toEqual([]);
    expect(lint(`const labels = { owner: "Owner", private: "Only me" };`)).toEqual([]);
  });
});
