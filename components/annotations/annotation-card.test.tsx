import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { annotation } from "@/tests/factories/annotation-dtos";
import { AnnotationCard } from "./annotation-card";

const noop = () => undefined;
const handlers = {
  onToggle: noop, onEdit: noop, onMove: noop, onDelete: noop, onResolve: noop, onReply: noop, onEditReply: noop,
  onRetry: noop, onDiscard: noop, onFlag: async () => undefined, onToggleHelpful: noop, onSetHidden: noop,
};

function render(overrides: Partial<Parameters<typeof AnnotationCard>[0]> = {}) {
  const note = annotation({ id: "a1", visibility: "group", groupId: "g1", groupName: "Seminar", helpfulCount: 2, isHelpfulToMe: true });
  return renderToStaticMarkup(
    <AnnotationCard annotation={note} replies={[]} saveStates={{}} viewerId="someone-else" colorLabels={{}} isOpen canFlag={false} canModerate={false} {...handlers} {...overrides} />,
  );
}

describe("AnnotationCard moderation", () => {
  it("offers a pressed Helpful toggle with the count and Flag to members who did not write it", () => {
    const html = render({ canFlag: true });
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*>Helpful/);
    expect(html).toContain("2<span class=\"visually-hidden\"> readers found it helpful</span>");
    expect(html).toContain(">Flag</button>");
    expect(html).not.toContain(">Hide</button>");
  });

  it("offers Hide or Restore to the group's staff", () => {
    expect(render({ canModerate: true })).toContain(">Hide</button>");
    const hidden = annotation({ id: "a2", groupId: "g1", visibility: "group", isHidden: true });
    const html = render({ canModerate: true, annotation: hidden });
    expect(html).toContain(">Restore</button>");
    expect(html).toContain("Hidden from members");
  });

  it("tells the author that an instructor hid their annotation", () => {
    const hidden = annotation({ id: "a3", groupId: "g1", visibility: "group", isHidden: true });
    const html = render({ annotation: hidden, viewerId: hidden.author.id });
    expect(html).toContain("Hidden by an instructor. Others in the group no longer see it.");
    expect(html).not.toContain(">Flag</button>");
  });
});
