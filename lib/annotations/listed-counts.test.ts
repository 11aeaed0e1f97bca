import { describe, expect, it } from "vitest";
import { countListed, type Listed } from "./listed-counts";

const me = { id: "me", name: "Zoë" };
const ana = { id: "ana", name: "Ana" };

function listed(
  id: string,
  author: { id: string; name: string },
  groupId: string | null,
  color: Listed["color"],
  tags: string[] = [],
  isDeleted = false,
): Listed {
  return { id, author, groupId, color, tags, isDeleted };
}

describe("countListed", () => {
  it("counts whose, colours, tags and authors as the sidebar's filters offer them", () => {
    const counts = countListed(
      [
        listed("1", me, null, "yellow", ["term", "claim"]),
        listed("2", ana, "group-1", "blue", ["term"]),
        listed("3", ana, null, "blue"), // shared with everyone: only "everyone" shows it
        listed("4", me, "group-1", null),
        // Deleted, listed for its replies: counted nowhere, its author offered only for what they have.
        listed("5", { id: "gone", name: "Gone" }, "group-1", "green", ["deleted-tag"], true),
      ],
      me.id,
    );
    expect(counts.total).toBe(4);
    expect(counts.whose).toEqual({ groups: 3, mine: 2, everyone: 4 });
    expect(counts.colors).toMatchObject({ yellow: 1, blue: 2, green: 0 });
    expect(counts.tags).toEqual(["claim", "term"]);
    expect(counts.authors).toEqual([
      ["ana", "Ana"],
      ["me", "Zoë"],
    ]);
  });
});
