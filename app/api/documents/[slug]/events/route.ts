// GET /api/documents/{slug}/events - the document's live stream (Server-Sent Events, lib/live/protocol.ts)
import { documentEventsContract } from "@/lib/api/contracts/documents";
import { apiRoute } from "@/server/http/api-route";
import { handleRoute } from "@/server/http/respond";
import { openLiveStream } from "@/server/live/open-live-stream";

// A long-lived stream per request: never cached or prerendered, and Node's runtime (the hub,
// the database, the LISTEN connection live there).
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ slug: string }> };

export const GET = apiRoute(documentEventsContract, (request, context: Context) => {
  return handleRoute(async () => openLiveStream(request, (await context.params).slug));
});
