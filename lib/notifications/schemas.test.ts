import { describe, expect, it } from "vitest";
import { ZMarkNotificationsReadSchema } from "./schemas";

describe("ZMarkNotificationsReadSchema", () => {
  it("takes some ids or all, and otherwise says what to send", () => {
    expect(ZMarkNotificationsReadSchema.parse({ ids: ["n1"] })).toEqual({ ids: ["n1"] });
    expect(ZMarkNotificationsReadSchema.parse({ all: true })).toEqual({ all: true });
    for (const body of [{}, { all: false }, { ids: "n1" }, { ids: [] }, { ids: Array.from({ length: 501 }, (_, index) => `n${index}`) }]) {
      const messages = ZMarkNotificationsReadSchema.safeParse(body).error?.issues.map((issue) => issue.message);
      expect(messages, JSON.stringify(body).slice(0, 40)).toEqual([expect.stringMatching(/1 to 500 notification ids.*"all": true/)]);
    }
  });
});
