import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { Viewer } from "@/server/authz/annotations";
import { setHidden } from "./set-hidden";

/** An instructor hides a thread: gone for the group's members, still there for its author and the staff. */
export function hideAnnotation(viewer: Viewer, id: string): Promise<AnnotationDto> {
  return setHidden(viewer, id, true);
}
