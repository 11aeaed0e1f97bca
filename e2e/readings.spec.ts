import { expect, test, type APIRequestContext, type APIResponse } from "./test";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import type { ErrorBody } from "@/server/http/respond";
import { createGroup, createPerson, joinGroup, type Person } from "./factories";
import { ARTICLE, ARTICLE_PATH, expectNoAxeViolations, formAlert } from "./fixtures";

/**
 * Issue 12 (first slice): adding a reading in the browser and through the API, private by default,
 * shared with a group by its owner, deleted with its annotations — and the readings matrix: who may
 * open a reading's page, its API, its annotations and its export, each refusal a 404 exactly like
 * a reading that does not exist.
 */

const MARKDOWN = "# The Heron\n\nA grey heron stands in the shallows, *perfectly* still.\n\nThen it strikes, and the water closes again.";
const HERON_TEXT = "A grey heron stands in the shallows, perfectly still.\n\nThen it strikes, and the water closes again.";

const SAVED_PAGE = `<!doctype html><html lang="en"><head><title>Tides Explained | Coastline Magazine</title></head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe</a></nav>
<div class="social-share">Share on Facebook · Tweet</div>
<article><h1>Tides Explained</h1>
<p>The moon pulls on the oceans, and the earth turns beneath the bulge of water that it raises, twice a day on most coasts.</p>
<p>When the sun and the moon line up, the pull adds up, and the spring tides run higher and lower than any other time of the month.</p>
</article>
<section class="comments"><p>First! Great article, thanks.</p></section>
<footer>© Coastline Magazine</footer></body></html>`;

async function expectStatus(response: APIResponse, status: number) {
  expect(response.status(), `${response.url()} → ${await response.text()}`).toBe(status);
}

async function addReading(person: Person, data: Record<string, unknown>): Promise<{ slug: string; version: { text: string } }> {
  const response = await person.context.request.post("/api/documents", { data });
  await expectStatus(response, 201);
  return (await response.json()) as { slug: string; version: { text: string } };
}

function annotationOn(text: string, phrase: string, visibility: unknown, body: string) {
  const start = text.indexOf(phrase);
  const { quote, position } = describeTextRange(text, start, start + phrase.length);
  return { target: { selector: [quote, position] }, body, visibility };
}

test.describe("adding a reading", () => {
  test("paste Markdown, preview it, save it, read it: private to me; share it with my group; delete it: the annotation a friend wrote stays theirs", async ({
    browser,
  }) => {
    test.slow(); // four people's worth of sign-ups and three axe runs on a shared machine
    const adder = await createPerson(browser, "adder");
    const friend = await createPerson(browser, "friend");
    const group = await createGroup(adder, { name: `Birders ${Date.now().toString(36)}` });
    await joinGroup(friend, group);
    const { page } = adder;

    await page.goto("/");
    await page.getByRole("link", { name: "Add a reading" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Add a reading" })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByLabel("Text", { exact: true }).fill(MARKDOWN);
    await page.getByLabel("It is Markdown").check();
    await page.getByLabel("Author").fill("R. Fowler");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("preview-title")).toHaveText("The Heron");
    await expect(page.getByTestId("preview-text").locator("p")).toHaveText(HERON_TEXT.split("\n\n"));
    await expectNoAxeViolations(page);
    await page.getByRole("button", { name: "Save reading" }).click();

    await page.waitForURL(/\/read\/the-heron-[0-9a-f]+$/);
    const slug = new URL(page.url()).pathname.split("/").pop()!;
    await expect(page.getByRole("heading", { level: 1, name: "The Heron" })).toBeVisible();
    // The canonical text rule holds for added readings too: the article body's textContent is the stored text.
    const stored = (await (await adder.context.request.get(`/api/documents/${slug}`)).json()) as { version: { text: string } };
    expect(stored.version.text).toBe(HERON_TEXT);
    expect(await page.locator(".reader__body").evaluate((element) => element.textContent)).toBe(HERON_TEXT);

    // Private: my friend gets the same page as for a reading that does not exist.
    await friend.page.goto(`/read/${slug}`);
    await expect(friend.page.getByRole("heading", { name: "Not found" })).toBeVisible();

    // Shared with our group from its settings.
    await page.getByRole("link", { name: "Reading settings" }).click();
    await expectNoAxeViolations(page);
    await page.getByLabel("Who can read it").selectOption({ label: group.name });
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("status").filter({ hasText: "Saved." })).toHaveText("Saved.");
    await expectStatus(
      await friend.context.request.post(`/api/documents/${slug}/annotations`, {
        data: annotationOn(HERON_TEXT, "grey heron", { group: group.id }, "Ardea cinerea"),
      }),
      201,
    );
    const friendsNote = (await (await friend.context.request.get(`/api/documents/${slug}/annotations`)).json()) as {
      items: { id: string }[];
    };
    await expectStatus(
      await friend.context.request.post(`/api/annotations/${friendsNote.items[0].id}/replies`, { data: { body: "A second thought" } }),
      201,
    );
    // The library counts the thread as the reading's page does, not its reply too.
    await friend.page.goto("/?filter=group");
    const item = friend.page.getByRole("listitem").filter({ hasText: "The Heron" });
    await expect(item).toContainText("· 1 annotation");
    await expect(item).toContainText(`Group: ${group.name}`);

    // Deleting says what goes with it (nothing of the owner's here) and what stays: the friend's
    // annotation, with its reply, is the friend's, not the owner's to delete.
    await page.reload();
    await page.getByRole("button", { name: "Delete reading…" }).click();
    await expect(page.getByRole("alertdialog")).toContainText(
      "The annotation someone else wrote on it stays theirs, in their My notes and exports, but the reading will open for no one, you included.",
    );
    await page.getByRole("button", { name: "Delete the reading", exact: true }).click();
    await page.waitForURL(/\/\?filter=mine$/);
    await expect(page.getByText("No readings here yet.")).toBeVisible();
    await expectStatus(await friend.context.request.get(`/api/documents/${slug}`), 404);
    await expectStatus(await page.request.get(`/api/documents/${slug}`), 404);
    await friend.page.goto("/notes");
    const kept = friend.page.getByRole("listitem").filter({ hasText: "Ardea cinerea" });
    await expect(kept).toContainText("The Heron");
    await expect(kept).toContainText("You can no longer open this reading");
    await friend.page.getByRole("radio", { name: /By document/ }).check();
    await expect(friend.page.getByRole("region", { name: "The Heron" })).toContainText(
      "its owner stopped sharing it with you or deleted it",
    );
  });

  test("upload a saved web page: only the article is kept; a file type it cannot read says what to do", async ({ browser }) => {
    const { page } = await createPerson(browser, "uploader");
    await page.goto("/readings/new");
    await page.getByLabel("Upload a file").check();
    await page.getByLabel(/^File/).setInputFiles({ name: "tides.html", mimeType: "text/html", buffer: Buffer.from(SAVED_PAGE) });
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(page.getByTestId("preview-title")).toHaveText("Tides Explained");
    const preview = page.getByTestId("preview-text");
    await expect(preview.locator("p")).toHaveCount(2);
    await expect(preview).not.toContainText("Share on Facebook");
    await expect(preview).not.toContainText("Great article");

    await page.getByLabel(/^File/).setInputFiles({ name: "paper.pages", mimeType: "application/octet-stream", buffer: Buffer.from("PK") });
    await page.getByRole("button", { name: "Preview" }).click();
    await expect(formAlert(page)).toContainText("Cannot read .pages files");
  });

  test("the API refuses an unknown type with 415, an empty result with 422, and creates nothing", async ({ browser }) => {
    const person = await createPerson(browser, "api");
    const before = ((await (await person.context.request.get("/api/documents?filter=mine")).json()) as { items: unknown[] }).items.length;
    const unknown = await person.context.request.post("/api/documents", {
      multipart: { file: { name: "scan.pages", mimeType: "application/octet-stream", buffer: Buffer.from("PK") } },
    });
    await expectStatus(unknown, 415);
    const empty = await person.context.request.post("/api/documents", {
      multipart: { file: { name: "empty.md", mimeType: "text/markdown", buffer: Buffer.from("\n\n") } },
    });
    await expectStatus(empty, 422);
    expect(((await empty.json()) as ErrorBody).error.message).toMatch(/No text was found to read/);
    const after = ((await (await person.context.request.get("/api/documents?filter=mine")).json()) as { items: unknown[] }).items.length;
    expect(after).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// The readings matrix.

const ROLES = ["owner", "member of G", "stranger", "anonymous"] as const;
type Role = (typeof ROLES)[number];
const SHARINGS = ["private", "shared with G", "seeded"] as const;
type Sharing = (typeof SHARINGS)[number];
const ACTIONS = ["page", "get", "list annotations", "annotate", "export", "patch"] as const;
type Action = (typeof ACTIONS)[number];
/** "2xx" allowed · "401" sign in first · "403" seen but not theirs · "404" exactly like a missing reading. */
type Outcome = "2xx" | "401" | "403" | "404";

//                                 owner  member G  stranger  anonymous
const MATRIX: Record<Sharing, Record<Action, readonly [Outcome, Outcome, Outcome, Outcome]>> = {
  private: {
    page: ["2xx", "404", "404", "404"],
    get: ["2xx", "404", "404", "404"],
    "list annotations": ["2xx", "404", "404", "401"], // annotations are for signed-in readers: 401 first, like for a missing reading
    annotate: ["2xx", "404", "404", "401"],
    export: ["2xx", "404", "404", "401"],
    patch: ["2xx", "404", "404", "401"], // a change needs an account: 401 before anything else, like for a missing reading
  },
  "shared with G": {
    page: ["2xx", "2xx", "404", "404"],
    get: ["2xx", "2xx", "404", "404"],
    "list annotations": ["2xx", "2xx", "404", "401"],
    annotate: ["2xx", "2xx", "404", "401"],
    export: ["2xx", "2xx", "404", "401"],
    patch: ["2xx", "403", "404", "401"],
  },
  seeded: {
    page: ["2xx", "2xx", "2xx", "2xx"],
    get: ["2xx", "2xx", "2xx", "2xx"],
    "list annotations": ["2xx", "2xx", "2xx", "401"],
    annotate: ["2xx", "2xx", "2xx", "401"],
    export: ["2xx", "2xx", "2xx", "401"],
    patch: ["403", "403", "403", "401"], // nobody owns the seeded article
  },
};

function send(request: APIRequestContext, action: Action, slug: string, text: string): Promise<APIResponse> {
  switch (action) {
    case "page":
      return request.get(`/read/${slug}`);
    case "get":
      return request.get(`/api/documents/${slug}`);
    case "list annotations":
      return request.get(`/api/documents/${slug}/annotations`);
    case "annotate":
      return request.post(`/api/documents/${slug}/annotations`, { data: annotationOn(text, text.slice(0, 12), "private", "matrix") });
    case "export":
      return request.get(`/api/documents/${slug}/export?format=jsonld`);
    case "patch":
      return request.patch(`/api/documents/${slug}`, { data: { language: null } }); // a change of nothing is refused (400) before anyone is asked
  }
}

test.describe("the readings matrix", () => {
  const world = {} as { callers: Record<Role, APIRequestContext>; slugs: Record<Sharing, string>; texts: Record<Sharing, string> };

  test.beforeAll(async ({ browser, playwright, baseURL }) => {
    const owner = await createPerson(browser, "reading-owner");
    const member = await createPerson(browser, "reading-member");
    const stranger = await createPerson(browser, "reading-stranger");
    const group = await createGroup(owner);
    await joinGroup(member, group);
    const privateReading = await addReading(owner, { text: "A private reading, with words to annotate.", title: "Private matrix" });
    const shared = await addReading(owner, {
      text: "A reading shared with the group, with words.",
      title: "Shared matrix",
      visibility: "group",
      groupId: group.id,
    });
    world.callers = {
      owner: owner.context.request,
      "member of G": member.context.request,
      stranger: stranger.context.request,
      anonymous: await playwright.request.newContext({ baseURL }),
    };
    world.slugs = { private: privateReading.slug, "shared with G": shared.slug, seeded: ARTICLE.slug };
    world.texts = { private: privateReading.version.text, "shared with G": shared.version.text, seeded: ARTICLE.text };
  });

  for (const sharing of SHARINGS) {
    for (const action of ACTIONS) {
      for (const role of ROLES) {
        const expected = MATRIX[sharing][action][ROLES.indexOf(role)];
        test(`${sharing} · ${action} · ${role} → ${expected === "404" ? "404 like a missing reading" : expected}`, async () => {
          const request = world.callers[role];
          const response = await send(request, action, world.slugs[sharing], world.texts[sharing]);
          if (expected === "2xx") {
            expect(response.ok(), `${response.url()} → ${response.status()}`).toBe(true);
            return;
          }
          await expectStatus(response, Number(expected));
          if (expected !== "404") return;
          const missing = await send(request, action, "no-such-reading-anywhere", world.texts[sharing]);
          await expectStatus(missing, 404);
          if (action === "page") {
            expect(await response.text()).toContain("There is nothing at this address.");
          } else {
            const refused = ((await response.json()) as ErrorBody).error;
            const absent = ((await missing.json()) as ErrorBody).error;
            expect({ ...refused, message: refused.message.replace(world.slugs[sharing], "SLUG") }).toEqual({
              ...absent,
              message: absent.message.replace("no-such-reading-anywhere", "SLUG"),
            });
          }
        });
      }
    }
  }

  test("the seeded article is still where the suite expects it", async () => {
    await expectStatus(await world.callers.anonymous.get(ARTICLE_PATH), 200);
  });
});
