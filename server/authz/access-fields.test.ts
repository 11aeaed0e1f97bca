import { describe, expect, it } from "vitest";
import { can, loadViewerAccess, type AnnotationAccessFields, type ViewerAccess } from "./annotations";

// These checks are made by the type checker (`npx tsc --noEmit`, part of `npm test`): each
// `@ts-expect-error` fails the build if the line below it ever type-checks again — say, if
// `hiddenAt` became optional, so that a row selected without it would be judged "not hidden".
describe("a decision refuses an incomplete row at compile time", () => {
  const viewer: ViewerAccess = { id: "reader", memberships: new Map(), hiddenGroups: new Map() };
  const complete: AnnotationAccessFields = {
    authorId: "author",
    visibility: "everyone",
    groupId: null,
    parentId: null,
    parent: null,
    deletedAt: null,
    hiddenAt: null,
    isFeedback: false,
    feedbackOn: null,
  };

  it("needs hiddenAt, isFeedback and parent on every row, and the thread's hiddenAt on a reply", () => {
    const { hiddenAt: _hiddenAt, ...withoutHiddenAt } = complete;
    const { isFeedback: _isFeedback, ...withoutIsFeedback } = complete;
    const { parent: _parent, ...withoutParent } = complete;
    const threadWithoutHiddenAt = { authorId: "author", visibility: "everyone", groupId: null, deletedAt: null };
    const typeChecks = () => [
      // @ts-expect-error a row selected without hiddenAt cannot be judged
      can(viewer, "read", withoutHiddenAt),
      // @ts-expect-error a row selected without isFeedback cannot be judged
      can(viewer, "read", withoutIsFeedback),
      // @ts-expect-error a row selected without its thread cannot be judged
      can(viewer, "read", withoutParent),
      // @ts-expect-error a reply whose thread was selected without hiddenAt cannot be judged
      can(viewer, "read", { ...complete, parentId: "root", parent: threadWithoutHiddenAt }),
    ];
    expect(typeChecks).toBeTypeOf("function");
    expect(can(viewer, "read", complete)).toBe(true);
  });

  it("needs the document scope of hide-until-you-post decided by every caller", () => {
    const typeChecks = () => [
      // @ts-expect-error leaving the document out is not allowed: pass it, or null (which hides more, never less)
      loadViewerAccess({ id: "reader" }),
      // @ts-expect-error the scope's documentId is required too
      loadViewerAccess({ id: "reader" }, {}),
    ];
    expect(typeChecks).toBeTypeOf("function");
  });
});
