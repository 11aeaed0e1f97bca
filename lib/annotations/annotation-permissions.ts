import type { ReaderGroup } from "./scopes";
import type { AnnotationDto } from "./types";

/** What the reading page offers the viewer on one annotation. */
export type AnnotationPermissions = {
  /** Edit, move, resolve: the author's. */
  edit: boolean;
  delete: boolean;
  /** A member of its group who did not write it: may flag it and mark it helpful. */
  flag: boolean;
  /** One of its group's instructors or its owner: may hide and restore it. */
  moderate: boolean;
};

/** The viewer as the reading page knows them: who they are and their role in each of their groups. */
export type PermissionViewer = { id: string; groups: readonly ReaderGroup[] };

/**
 * The one place the client derives the viewer's rights on an annotation. The server decides
 * (server/authz/); this only chooses which buttons to show. When the API puts
 * `permissions: { edit, delete, flag, hide, … }` on each AnnotationDto, this returns those instead.
 */
export function annotationPermissions(annotation: AnnotationDto, viewer: PermissionViewer): AnnotationPermissions {
  const isAuthor = annotation.author.id === viewer.id;
  const role = annotation.groupId === null ? undefined : viewer.groups.find((group) => group.id === annotation.groupId)?.role;
  return {
    edit: isAuthor,
    delete: isAuthor,
    flag: role !== undefined && !isAuthor,
    moderate: role === "owner" || role === "instructor",
  };
}
