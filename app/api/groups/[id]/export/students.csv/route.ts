// GET /api/groups/{id}/export/students.csv?document={slug} - one row per student: annotations, replies, words, scores, paragraphs engaged (owner and instructors)
import { getRequestViewer } from "@/server/auth/request-viewer";
import { handleRoute } from "@/server/http/respond";
import { reviewCsvResponse } from "@/server/review/review-csv-file";

type Context = { params: Promise<{ id: string }> };

export function GET(request: Request, context: Context) {
  return handleRoute(async () => reviewCsvResponse(await getRequestViewer(request, "read"), (await context.params).id, request, "students"));
}
