import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { annotationPermissions, type AnnotationPermissions } from "@/lib/annotations/annotation-permissions";
import type { AnnotationDto } from "@/lib/annotations/types";
import { annotation } from "@/tests/factories/annotation-dtos";
import { AnnotationCard } from "./annotation-card";

const noop = () => undefined;
const handlers = {
  onToggle: noop, onEdit: noop, onMove: noop, onDelete: noop, onResolve: noop, onReply: noop, onEditReply: noop,
  onRetry: noop, onDiscard: noop, onFlag: async () => undefined, onToggleHelpful: noop, onSetHidden: noop,
};

const NOTHING: AnnotationPermissions = { edit: false, delete: false, flag: false, moderate: false };
const allow = (granted: Partial<AnnotationPermissions>) => () => ({ ...NOTHING, ...granted });

function render(overrides: Partial<Parameters<typeof AnnotationCard>[0]> = {}) {
  const note = annotation({ id: "a1", visibility: "group", groupId: "g1", groupName: "Seminar", helpfulCount: 2, isHelpfulToMe: true });
  return renderToStaticMarkup(
    <AnnotationCard annotation={note} replies={[]} saveStates={{}} viewerId="someone-else" colorLabels={{}} isOpen permissionsOf={allow({})} {...handlers} {...overrides} />,
  );
}

describe("AnnotationCard moderation", () => {
  it("offers a pressed Helpful toggle with the count and Flag to members who did not write it", () => {
    const html = render({ permissionsOf: allow({ flag: true }) });
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*>Helpful/);
    expect(html).toContain("2<span class=\"visually-hidden\"> readers found it helpful</span>");
    expect(html).toContain(">Flag</button>");
    expect(html).not.toContain(">Hide</button>");
  });

  it("offers Hide or Restore to the group's staff", () => {
    expect(render({ permissionsOf: allow({ moderate: true }) })).toContain(">Hide</button>");
    const hidden = annotation({ id: "a2", groupId: "g1", visibility: "group", isHidden: true });
    const html = render({ permissionsOf: allow({ moderate: true }), annotation: hidden });
    expect(html).toContain(">Restore</button>");
    expect(html).toContain("Hidden from members");
  });

  it("tells the author that an instructor hid their annotation", () => {
    const hidden = annotation({ id: "a3", groupId: "g1", visibility: "group", isHidden: true });
    const html = render({ annotation: hidden, viewerId: hidden.author.id, permissionsOf: allow({ edit: true, delete: true }) });
    expect(html).toContain("Hidden by an instructor. Others in the group no longer see it.");
    expect(html).not.toContain(">Flag</button>");
  });
});

describe("annotationPermissions: the buttons a viewer is offered", () => {
  const viewer = { id: "user-me", groups: [{ id: "g1", name: "Seminar", role: "member" }, { id: "g2", name: "Lab", role: "instructor" }, { id: "g3", name: "Own", role: "owner" }] };
  const mine = { id: "user-me", name: "Me" };
  const rows: [string, Partial<AnnotationDto>, AnnotationPermissions][] = [
    ["my private note", { author: mine }, { edit: true, delete: true, flag: false, moderate: false }],
    ["someone's note in my group", { groupId: "g1" }, { edit: false, delete: false, flag: true, moderate: false }],
    ["my note in my group", { groupId: "g1", author: mine }, { edit: true, delete: true, flag: false, moderate: false }],
    ["someone's note in a group I teach", { groupId: "g2" }, { edit: false, delete: false, flag: true, moderate: true }],
    ["my note in a group I own", { groupId: "g3", author: mine }, { edit: true, delete: true, flag: false, moderate: true }],
    ["someone's note in a group I am not in", { groupId: "g9" }, NOTHING],
    ["someone's public note", { groupId: null, visibility: "everyone" }, NOTHING],
  ];
  it.each(rows)("%s", (_name, overrides, expected) => {
    expect(annotationPermissions(annotation({ id: "a", ...overrides }), viewer)).toEqual(expected);
  });

  it("shows the author's buttons on their card, and none to others", () => {
    const note = annotation({ id: "a4", author: mine });
    const permissionsOf = (item: AnnotationDto) => annotationPermissions(item, viewer);
    expect(render({ annotation: note, viewerId: "user-me", permissionsOf })).toContain(">Delete</button>");
    expect(render({ annotation: annotation({ id: "a5" }), viewerId: "user-me", permissionsOf })).not.toContain(">Delete</button>");
  });
});
