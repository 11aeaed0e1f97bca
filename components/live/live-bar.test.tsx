import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LiveBar } from "./live-bar";

const groups = [{ id: "g1", name: "Seminar A", role: "member" }];
const presence = { groups: [{ groupId: "g1", readers: 3 }] };
const render = (overrides: Partial<Parameters<typeof LiveBar>[0]> = {}) =>
  renderToStaticMarkup(
    <LiveBar groups={groups} presence={presence} isReconnecting={false} queuedCount={0} onShowQueued={() => undefined} {...overrides} />,
  );

describe("LiveBar", () => {
  it("says who is reading, and nothing else while live with nothing waiting", () => {
    const html = render();
    expect(html).toContain("You and 2 others from Seminar A are reading now");
    expect(html).not.toContain("Reconnecting");
    expect(html).not.toContain("new — show");
    // The status region is there, empty, so that it is heard when it speaks.
    expect(html).toContain('<p class="live-bar__status" role="status"></p>');
  });

  it("holds a line per group until the first presence arrives, so the count takes its place without moving the sidebar", () => {
    const html = render({ presence: null });
    expect(html).toContain("Counting who from Seminar A is reading now…");
    expect(html).toContain('aria-busy="true"');
    expect(html).not.toContain("are reading now");
    expect(render()).toContain('aria-busy="false"');
    // Nothing to hold for a reader in no group.
    expect(render({ presence: null, groups: [] })).not.toContain("<ul");
  });

  it("offers the waiting changes as one button", () => {
    expect(render({ queuedCount: 3 })).toContain(">3 new — show</button>");
  });

  it("says Reconnecting… and drops the stale presence while the stream is down", () => {
    const html = render({ isReconnecting: true });
    expect(html).toContain("Reconnecting…");
    expect(html).not.toContain("reading now");
  });

  it("says who reads a reading no more once it has closed to the reader, nor holds a place for it", () => {
    const html = render({ isLost: true });
    expect(html).toContain("This reading is no longer open to you");
    expect(html).not.toContain("reading now");
    expect(render({ isLost: true, presence: null })).not.toContain("Counting who");
  });
});
