import "server-only";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { Viewer } from "@/server/authz/annotations";
import { setHidden } from "./set-hidden";

/** Brings a hidden thread or reply back for everyone who could read it before. */
export function restoreAnnotation(viewer: Viewer, id: string): Promise<AnnotationDto> {
  return setHidden(viewer, id, false);
}
