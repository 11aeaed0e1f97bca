import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { readJsonFile } from "./read-json-file";

function post(body: BodyInit, headers: Record<string, string> = {}): Request {
  return new Request("http://localhost/api/documents/x/import", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  } as RequestInit);
}

async function errorOf(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A body streamed in chunks, with no Content-Length the reader could trust. */
function streamOf(chunkCount: number, chunkSize: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === chunkCount) return controller.close();
      sent += 1;
      controller.enqueue(new Uint8Array(chunkSize).fill(0x20));
    },
  });
}

describe("readJsonFile", () => {
  it("answers a body the client stopped sending with 400, not as the database being out of reach", async () => {
    let sent = false;
    const abandoned = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent) return controller.error(Object.assign(new Error("aborted"), { code: "ECONNRESET" }));
        sent = true;
        controller.enqueue(new TextEncoder().encode('{"a":'));
      },
    });
    const error = await errorOf(readJsonFile(post(abandoned)));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/did not arrive whole/);
  });

  it("parses JSON and JSON-LD bodies", async () => {
    expect(await readJsonFile(post('{"a":[1,"😀"]}'))).toEqual({ a: [1, "😀"] });
    expect(await readJsonFile(post("[]", { "content-type": 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"' }))).toEqual(
      [],
    );
  });

  it("refuses other media types with 415", async () => {
    expect((await errorOf(readJsonFile(post("{}", { "content-type": "text/plain" })))).status).toBe(415);
  });

  it("refuses a declared size over the limit before reading, with 413", async () => {
    const error = await errorOf(readJsonFile(post("{}", { "content-length": String(11 * 1024 * 1024) })));
    expect({ status: error.status, message: error.message }).toEqual({ status: 413, message: "The file is too large: at most 10 MB." });
  });

  it("counts the streamed bytes, so a missing or lying Content-Length cannot pass the limit", async () => {
    expect((await errorOf(readJsonFile(post(streamOf(20, 100)), 1000))).status).toBe(413);
    expect((await errorOf(readJsonFile(post(streamOf(20, 100), { "content-length": "10" }), 1000))).status).toBe(413);
    await expect(readJsonFile(post(streamOf(9, 100)), 1000)).rejects.toMatchObject({ status: 400 }); // only spaces: not JSON
  });

  it("answers 400 with the parser's reason for truncated JSON", async () => {
    const error = await errorOf(readJsonFile(post('{"type":"AnnotationCollection","first":{"items":[')));
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/^The file is not valid JSON: /);
  });
});
