import { describe, expect, it } from "vitest";
import { createUser } from "@/tests/factories";
import { getReaderComfort, saveReaderComfort } from "./reader-comfort";
import { getReaderPreferences, saveReaderView } from "./reader-preferences";

describe("reading comfort in the database", () => {
  it("is kept per reader, next to (and without touching) the annotating preferences", async () => {
    const reader = await createUser({ name: "Comfy", email: "comfort-reader@example.edu" });
    const other = await createUser({ name: "Other", email: "comfort-other@example.edu" });
    expect(await getReaderComfort(reader.id)).toEqual({ textSize: 100, lineSpacing: "normal", theme: "system" });

    await saveReaderView(reader.id, "everyone");
    await saveReaderComfort(reader.id, { textSize: 130, lineSpacing: "loose", theme: "sepia" });
    expect(await getReaderComfort(reader.id)).toEqual({ textSize: 130, lineSpacing: "loose", theme: "sepia" });
    expect((await getReaderPreferences(reader.id)).readerView).toBe("everyone");
    expect(await getReaderComfort(other.id)).toEqual({ textSize: 100, lineSpacing: "normal", theme: "system" });

    // A reader with no preferences row yet gets one.
    await saveReaderComfort(other.id, { textSize: 90, lineSpacing: "compact", theme: "dark" });
    expect(await getReaderComfort(other.id)).toEqual({ textSize: 90, lineSpacing: "compact", theme: "dark" });
  });
});
