import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { SyncConflict } from "@/components/annotations/use-annotation-store";
import { SyncConflictList } from "./sync-conflicts";

const noop = () => undefined;
const said = (conflict: SyncConflict) =>
  renderToStaticMarkup(<SyncConflictList conflicts={[conflict]} onDismiss={noop} onKeepTheirs={noop} />)
    .replace(/<[^>]+>/g, "")
    .replace(/&quot;|&#x27;/g, "'");

describe("what the reading page says syncing met", () => {
  it("an edit the server no longer takes: deleted, or no longer shared, without naming one cause as the one", () => {
    // The server answers 404 alike for both; a reader taken out of the note's group was told it had been deleted on another device.
    const text = said({ id: "t1", annotationId: "a1", kind: "deleted-elsewhere", isReply: false, mine: "My better words", theirs: null });
    expect(text).toContain("This annotation was deleted, or is no longer shared with you, so your edit was not saved.");
    expect(text).not.toContain("on another device");
    expect(text).toContain("My better words");
  });

  it("a reply's edit says reply", () => {
    expect(said({ id: "t2", annotationId: "r1", kind: "deleted-elsewhere", isReply: true, mine: "x", theirs: null })).toContain(
      "This reply was deleted, or is no longer shared with you",
    );
  });
});
