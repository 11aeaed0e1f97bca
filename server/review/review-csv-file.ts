import "server-only";
import { AppError } from "@/lib/errors";
import { toAnnotationsCsv, toStudentsCsv } from "@/lib/review/review-csv";
import type { Viewer } from "@/server/authz/groups";
import { attachmentResponse } from "@/server/http/attachment";
import { getGroupReview } from "./get-group-review";

/**
 * A review export as a download, for GET /api/groups/{id}/export/{students,annotations}.csv: the
 * same numbers and threads as the review page, for the same people (owner and instructors).
 */
export async function reviewCsvResponse(
  viewer: Viewer,
  groupId: string,
  request: Request,
  kind: "students" | "annotations",
): Promise<Response> {
  const slug = new URL(request.url).searchParams.get("document");
  if (!slug) throw new AppError("BAD_REQUEST", "Say which document: ?document=<slug>.");
  const review = await getGroupReview(viewer, groupId, slug);
  const csv = kind === "students" ? toStudentsCsv(review) : toAnnotationsCsv(review);
  return attachmentResponse({
    filename: `${review.group.name}-${review.document.slug}-${kind}.csv`,
    contentType: "text/csv; charset=utf-8",
    body: new TextEncoder().encode(csv),
  });
}
