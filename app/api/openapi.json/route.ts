// GET /api/openapi.json - this API described (OpenAPI 3.1), generated from the contracts the routes parse with
import { openApiDocumentContract } from "@/lib/api/contracts/meta";
import { buildOpenApiDocument, type OpenApiDocument } from "@/lib/api/openapi-document";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";

// The same for everyone and for the life of a build: made once per process, cacheable anywhere.
let document: OpenApiDocument | undefined;

export const GET = apiRoute(openApiDocumentContract, () => {
  return handleRoute(async () => {
    document ??= buildOpenApiDocument();
    return Response.json(document, { headers: { "Cache-Control": "public, max-age=3600", "Access-Control-Allow-Origin": "*" } });
  });
});
