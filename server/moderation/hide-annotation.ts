import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { Viewer } from "@/server/authz/annotations";
import { setHidden } from "./set-hidden";

/** Hides a thread or a reply: gone for its readers, still there for its author and its moderators (./set-hidden.ts). */
export function hideAnnotation(viewer: Viewer, id: string): Promise<AnnotationDto> {
  return setHidden(viewer, id, true);
}
