import { describe, expect, it } from "vitest";
import { DEFAULT_PREFERENCES } from "@/lib/annotations/preferences";
import { createUser } from "@/tests/factories";
import { getReaderPreferences, saveReaderView, updateReaderPreferences } from "./reader-preferences";

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

  it("remembers whose annotations the reading page shows, per reader, without touching the rest", async () => {
    const reader = await createUser({ name: "Viewer", email: "reader-view@example.edu" });
    const other = await createUser({ name: "Other", email: "reader-view-other@example.edu" });
    expect((await getReaderPreferences(reader.id)).readerView).toBe("groups");
    await saveReaderView(reader.id, "everyone");
    expect(await getReaderPreferences(reader.id)).toMatchObject({ readerView: "everyone", lastVisibility: null });
    expect((await getReaderPreferences(other.id)).readerView).toBe("groups");
    await updateReaderPreferences(reader.id, { colorLabels: {}, shortcuts: DEFAULT_PREFERENCES.shortcuts, liveUpdates: "queue" });
    expect((await getReaderPreferences(reader.id)).readerView).toBe("everyone");
    await saveReaderView(reader.id, "mine");
    expect((await getReaderPreferences(reader.id)).readerView).toBe("mine");
  });
});
