import "server-only";
import { AppError } from "@/lib/errors";
import { exportMaxAnnotations } from "./limits";

/**
 * Refuses (413) an export of more than EXPORT_MAX_ANNOTATIONS annotations and replies, counted
 * before any of them is read, with what to do instead.
 */
export function assertExportSize(count: number, narrower: string): void {
  const max = exportMaxAnnotations();
  if (count <= max) return;
  throw new AppError(
    "PAYLOAD_TOO_LARGE",
    `This export would hold ${count.toLocaleString("en")} annotations and replies; one export holds at most ${max.toLocaleString("en")}. ${narrower}`,
  );
}
