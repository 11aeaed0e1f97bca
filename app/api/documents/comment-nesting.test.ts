import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST as postReply } from "@/app/api/annotations/[id]/replies/route";
import { POST as postAnnotation } from "@/app/api/documents/[slug]/annotations/route";
import { MAX_COMMENT_NESTING } from "@/lib/annotations/schemas";
import { db } from "@/server/db/client";
import { createApiToken } from "@/server/tokens/create-api-token";
import { annotate, createDocument, createUser, targetOf } from "@/tests/factories";

// A 10,000-character comment of ">" held the server's Markdown parser 2–2.7 s and then overflowed
// the stack (500); within the write rate one account could keep the server busy (an independent
// check). Comments nested past MAX_COMMENT_NESTING on one line are refused before any parsing.
const SLUG = "comment-nesting";
beforeAll(() => createDocument(SLUG));
afterAll(() => db.$disconnect());

async function asScript() {
  const author = await createUser();
  const { token } = await createApiToken({ userId: author.id, name: "script", scope: "read-write", expiresInDays: 30 });
  const headers = { "content-type": "application/json", authorization: `Bearer ${token}` };
  return { author, headers };
}

describe("comments nested too deep", () => {
  it("are refused with 400 saying what to do, for an annotation and a reply, and nothing is stored", async () => {
    const { author, headers } = await asScript();
    const post = (body: string) =>
      postAnnotation(
        new Request(`http://localhost/api/documents/${SLUG}/annotations`, {
          method: "POST",
          headers,
          body: JSON.stringify({ target: targetOf({ at: "Pakistan" }), body, visibility: "private" }),
        }),
        { params: Promise.resolve({ slug: SLUG }) },
      );
    const deep = `${">".repeat(9_990)} x`;
    const refused = await post(deep);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toContain(
      `The comment nests quotes or lists more than ${MAX_COMMENT_NESTING} deep on one line: flatten them.`,
    );
    expect(await db.annotation.count({ where: { authorId: author.id } })).toBe(0);

    // As deep as allowed is a comment like any other; email-style quoting reads as quotes.
    const allowed = await post(`${"> ".repeat(MAX_COMMENT_NESTING - 1)}- deepest allowed`);
    expect(allowed.status).toBe(201);
    expect(((await allowed.json()) as { bodyHtml: string }).bodyHtml).toContain("<blockquote>");

    const thread = await annotate(author, SLUG, "private", "a thread");
    const reply = await postReply(
      new Request(`http://localhost/api/annotations/${thread.id}/replies`, {
        method: "POST",
        headers,
        body: JSON.stringify({ body: deep }),
      }),
      { params: Promise.resolve({ id: thread.id }) },
    );
    expect(reply.status).toBe(400);
    expect(await db.annotation.count({ where: { parentId: thread.id } })).toBe(0);
  });
});
