import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { NO_ANNOTATION_PERMISSIONS, type AnnotationPermissions } from "@/lib/annotations/types";
import { annotation, reply } from "@/tests/factories/annotation-dtos";
import { AnnotationCard } from "./annotation-card";

const noop = () => undefined;
const handlers = {
  mentionCandidates: [],
  onToggle: noop,
  onEdit: noop,
  onMove: noop,
  onDelete: noop,
  onResolve: noop,
  onReply: noop,
  onEditReply: noop,
  onRetry: noop,
  onDiscard: noop,
  onFlag: async () => undefined,
  onToggleHelpful: noop,
  onSetHidden: noop,
};

const can = (granted: Partial<AnnotationPermissions>): AnnotationPermissions => ({ ...NO_ANNOTATION_PERMISSIONS, ...granted });

function render(overrides: Partial<Parameters<typeof AnnotationCard>[0]> = {}, granted: Partial<AnnotationPermissions> = {}) {
  const note = annotation({
    id: "a1",
    visibility: "group",
    groupId: "g1",
    groupName: "Seminar",
    helpfulCount: 2,
    isHelpfulToMe: true,
    permissions: can(granted),
  });
  return renderToStaticMarkup(
    <AnnotationCard
      annotation={note}
      replies={[]}
      saveStates={{}}
      viewerId="someone-else"
      colorLabels={{}}
      isOpen
      {...handlers}
      {...overrides}
    />,
  );
}

describe("AnnotationCard moderation", () => {
  it("offers a pressed Helpful toggle with the count, and Flag, where the server allows them", () => {
    const html = render({}, { flag: true, markHelpful: true });
    expect(html).toMatch(/<button[^>]*aria-pressed="true"[^>]*><span>Helpful <span aria-hidden="true">·<\/span> 2/);
    expect(html).toContain('2<span class="visually-hidden"> readers found it helpful</span>');
    expect(html).toContain(">Flag</button>");
    expect(html).not.toContain(">Hide</button>");
  });

  it("offers Hide or Restore to the group's staff", () => {
    expect(render({}, { hide: true })).toContain(">Hide</button>");
    const hidden = annotation({ id: "a2", groupId: "g1", visibility: "group", isHidden: true, permissions: can({ hide: true }) });
    const html = render({ annotation: hidden });
    expect(html).toContain(">Restore</button>");
    expect(html).toContain("Hidden from members");
  });

  it("tells the author that an instructor hid their annotation", () => {
    const hidden = annotation({
      id: "a3",
      groupId: "g1",
      visibility: "group",
      isHidden: true,
      permissions: can({ edit: true, delete: true }),
    });
    const html = render({ annotation: hidden, viewerId: hidden.author.id });
    expect(html).toContain("Hidden by an instructor. Others in the group no longer see it.");
    expect(html).not.toContain(">Flag</button>");
  });
});

describe("AnnotationCard shows exactly the actions the server's permissions allow", () => {
  const rows: [string, Partial<AnnotationPermissions>, string[], string[]][] = [
    ["nothing", {}, [], [">Edit</button>", ">Delete</button>", ">Resolve</button>", ">Flag</button>", ">Hide</button>", "Helpful"]],
    [
      "the author's",
      { edit: true, delete: true, resolve: true },
      [">Edit</button>", ">Move highlight</button>", ">Delete</button>", ">Resolve</button>"],
      [">Flag</button>", ">Hide</button>"],
    ],
    ["delete only", { delete: true }, [">Delete</button>"], [">Edit</button>", ">Resolve</button>"]],
    [
      "a peer's",
      { flag: true, markHelpful: true, reply: true },
      [">Flag</button>", "Helpful"],
      [">Edit</button>", ">Delete</button>", ">Hide</button>"],
    ],
    ["staff", { hide: true, score: true, feedback: true }, [">Hide</button>"], [">Edit</button>", ">Delete</button>", ">Flag</button>"]],
  ];
  it.each(rows)("%s", (_name, granted, shown, absent) => {
    const html = render({ annotation: annotation({ id: "a4", permissions: can(granted), helpfulCount: 0 }) });
    for (const text of shown) expect(html).toContain(text);
    for (const text of absent) expect(html).not.toContain(text);
  });

  it("gates each reply on its own permissions", () => {
    const root = annotation({ id: "root", permissions: can({ reply: true }) });
    const mine = reply({ id: "r1", parentId: "root", body: "mine", permissions: can({ edit: true, delete: true }) });
    const theirs = reply({ id: "r2", parentId: "root", body: "theirs" });
    const html = render({ annotation: root, replies: [mine, theirs] });
    expect(html.match(/>Delete reply<\/button>/g)).toHaveLength(1);
    expect(html.match(/>Edit reply<\/button>/g)).toHaveLength(1);
  });

  it("offers the reply box where the server takes a reply: not under a deleted note, nor to a reader who may only read", () => {
    const theirs = reply({ id: "r1", parentId: "root", body: "a reply" });
    const box = (note: Omit<Parameters<typeof annotation>[0], "id">) =>
      render({ annotation: annotation({ id: "root", ...note }), replies: [theirs] }).includes(">Send reply</button>");
    expect(box({ permissions: can({ reply: true }) })).toBe(true);
    expect(box({ permissions: can({}) })).toBe(false);
    // Deleted since the page had it (its permissions not fetched again): the server answers 404.
    expect(box({ permissions: can({ reply: true }), isDeleted: true, body: "" })).toBe(false);
  });
});

describe("AnnotationCard, collapsed", () => {
  it("names its colour once, in its summary, not again after its reply count", () => {
    const html = render({ isOpen: false, annotation: annotation({ id: "a5", color: "pink", permissions: can({}) }) });
    expect(html.match(/Pink/g)).toHaveLength(1);
    expect(html).toMatch(/<button[^>]*annotation-card__summary[^>]*>.*, Pink, by /);
  });
});

describe("AnnotationCard reply count", () => {
  const count = (html: string) => /<p class="annotation-card__replies-count">(\d+ repl(?:y|ies))/.exec(html)?.[1];
  const waiting = reply({ id: "pending-t1", parentId: "a1", body: "Written offline" });

  it("counts a reply written here and still on its way, as it will be once saved", () => {
    expect(count(render())).toBe("0 replies");
    expect(count(render({ replies: [waiting] }))).toBe("1 reply");
    expect(
      count(
        render({
          replies: [waiting],
          saveStates: { "pending-t1": { status: "failed", message: "Offline", isRetrying: true, isOffline: true } },
        }),
      ),
    ).toBe("1 reply");
  });

  it("does not count one the server refused, nor count a saved one twice", () => {
    const refused = { "pending-t1": { status: "failed", message: "No.", isRetrying: false, isOffline: false } as const };
    expect(count(render({ replies: [waiting], saveStates: refused }))).toBe("0 replies");
    const saved = reply({ id: "r1", parentId: "a1", body: "Saved" });
    expect(count(render({ replies: [saved], annotation: annotation({ id: "a1", replyCount: 1 }) }))).toBe("1 reply");
  });
});
