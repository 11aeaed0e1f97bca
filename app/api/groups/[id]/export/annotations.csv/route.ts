// GET /api/groups/{id}/export/annotations.csv?document={slug} - one row per group thread on the document, with its replies, feedback and score (owner and instructors)
import { exportAnnotationsCsvContract } from "@/lib/api/contracts/exports";
import { getRequestViewer } from "@/server/auth/request-viewer";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";
import { reviewCsvResponse } from "@/server/review/review-csv-file";

type Context = { params: Promise<{ id: string }> };

export const GET = apiRoute(exportAnnotationsCsvContract, (request, context: Context) => {
  return handleRoute(async () =>
    reviewCsvResponse(await getRequestViewer(request, "read"), (await context.params).id, request, "annotations"),
  );
});
