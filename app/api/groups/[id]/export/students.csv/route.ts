// GET /api/groups/{id}/export/students.csv?document={slug} - one row per student: annotations, replies, words, scores, paragraphs engaged (owner and instructors)
import { exportStudentsCsvContract } from "@/lib/api/contracts/exports";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";
import { reviewCsvResponse } from "@/server/review/review-csv-file";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(exportStudentsCsvContract, (request, context: Context) => {
  return handleRoute(async () =>
    reviewCsvResponse(await getRequestViewer(request, "read"), (await context.params).id, request, "students"),
  );
});
