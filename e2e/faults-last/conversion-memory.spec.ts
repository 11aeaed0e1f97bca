// A reading that needs more memory than the conversion worker has is refused, and the server goes
// on serving (README "Formats and imports"). As a worker thread, a 1.8 MB Markdown table of
// 3,000 × 300 cells ran the worker out of its 512 MB, and 2 times in 10 V8 then ended the whole
// server process (QA round 6). The worker is now a process of its own; this spec starts an
// instance whose worker has a small heap (READING_CONVERSION_MEMORY_MB), so a 0.2 MB table runs it
// out every time, and checks the instance answers afterwards and makes the next reading.
//
// Its own instance on the suite's database ("join" mode, as limits.spec.ts), after the parallel part.
import { expect, request as requestContext, test } from "../test";
import { newUser, signUpWithoutScript } from "../fixtures";
import { startOwnInstance, type OwnInstance } from "../own-instance";

const PORT = Number(process.env.E2E_CONVERSION_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 902);

let small: OwnInstance;

test.beforeAll(async () => {
  test.setTimeout(240_000);
  small = await startOwnInstance(PORT, { READING_CONVERSION_MEMORY_MB: "40" });
});

test.afterAll(() => small?.stop());

test("a reading that runs the conversion worker out of memory is refused with 422; the server goes on and makes the next one", async () => {
  test.setTimeout(120_000);
  const api = await requestContext.newContext({ baseURL: small.url });
  await signUpWithoutScript(api, newUser("memory"));

  const columns = 400;
  const rows = 250;
  // Its cells in emphasis: a table of plain words that large is refused (413) by its lines before it
  // is parsed (lib/documents/markdown-table-cells.ts); this one is parsed, and runs the worker out.
  const table = `|${"a|".repeat(columns)}\n|${"-|".repeat(columns)}\n${`|${"*x*|".repeat(columns)}\n`.repeat(rows)}`;
  const refused = await api.post("/api/documents/preview", { data: { markdown: table }, timeout: 60_000 });
  expect(refused.status()).toBe(422);
  expect(((await refused.json()) as { error: { message: string } }).error.message).toBe(
    "This Markdown is too complex to read here (it needs too much memory): add it as plain text, or flatten its nesting.",
  );

  // The same process answers (its worker ran out, not it), and a new worker makes the next reading.
  const anyone = await requestContext.newContext({ baseURL: small.url });
  expect((await anyone.get("/api/openapi.json")).status()).toBe(200);
  const made = await api.post("/api/documents/preview", { data: { markdown: "# After\n\nA short reading of a few words." } });
  expect(made.status()).toBe(200);
  expect(await made.json()).toMatchObject({ title: "After", text: "A short reading of a few words." });
  expect(small.isRunning()).toBe(true);
  await Promise.all([api.dispose(), anyone.dispose()]);
});
