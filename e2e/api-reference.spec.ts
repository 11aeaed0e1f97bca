import { expect, test } from "./test";
import { MARKUP_ONLY, newUser, signUp } from "./fixtures";

type Document = { openapi: string; paths: Record<string, Record<string, { operationId: string; summary: string }>> };

test("GET /api/openapi.json serves the OpenAPI 3.1 document, public and cacheable", async ({ request }) => {
  const response = await request.get("/api/openapi.json");
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("application/json");
  expect(response.headers()["cache-control"]).toContain("public");
  const document = (await response.json()) as Document;
  expect(document.openapi).toBe("3.1.0");
  expect(document.paths["/api/documents/{slug}/annotations"].post.summary).toBeTruthy();
});

test("the API reference page lists every operation of the document", { tag: MARKUP_ONLY }, async ({ page, request }) => {
  const document = (await (await request.get("/api/openapi.json")).json()) as Document;
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ method: method.toUpperCase(), path, ...operation })),
  );
  expect(operations.length).toBeGreaterThanOrEqual(40);

  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  await expect(page.locator("article.api-operation")).toHaveCount(operations.length);
  for (const operation of operations) {
    const entry = page.locator(`[id="${operation.operationId}"]`);
    await expect(entry.getByRole("heading", { level: 3 })).toHaveText(`${operation.method} ${operation.path}`);
    await expect(entry.getByText(operation.summary, { exact: true })).toBeVisible();
  }
  // The one error shape is described once (axe checks this page in e2e/accessibility.spec.ts).
  const errorFields = page.locator("#errors .api-fields__name");
  await expect(errorFields).toHaveText(["error", "code", "message", "status", "issues", "path", "message"]);
});

test("the account page, where tokens are made, links to the API reference", async ({ page }) => {
  await signUp(page, newUser("api-reference"));
  await page.goto("/account");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
});
