import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES } from "@/lib/annotations/preferences";
import { createUser } from "@/tests/factories";
import { getReaderPreferences, updateReaderPreferences } from "./reader-preferences";

describe("reader preferences in the database", () => {
  it("remembers how others' live changes arrive, alongside colours and shortcuts", async () => {
    const reader = await createUser({ name: "Reader", email: "reader-live@example.edu" });
    expect((await getReaderPreferences(reader.id)).liveUpdates).toBe("immediate");

    const saved = await updateReaderPreferences(reader.id, {
      colorLabels: { yellow: "question" },
      shortcuts: DEFAULT_PREFERENCES.shortcuts,
      liveUpdates: "queue",
    });
    expect(saved).toMatchObject({ liveUpdates: "queue", colorLabels: { yellow: "question" } });
    expect((await getReaderPreferences(reader.id)).liveUpdates).toBe("queue");

    await updateReaderPreferences(reader.id, { colorLabels: {}, shortcuts: DEFAULT_PREFERENCES.shortcuts, liveUpdates: "immediate" });
    expect((await getReaderPreferences(reader.id)).liveUpdates).toBe("immediate");
  });
});
