import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getReadingRoute, PATCH, DELETE } from "@/app/api/documents/[slug]/route";
import { POST as postVersion } from "@/app/api/documents/[slug]/versions/route";
import { POST as previewRoute } from "@/app/api/documents/preview/route";
import { GET as listRoute, POST } from "@/app/api/documents/route";
import { db } from "@/server/db/client";
import { stopListening } from "@/server/outbox/bus";
import { createApiToken } from "@/server/tokens/create-api-token";
import { annotate, createGroup, createUsers, reply } from "@/tests/factories";
import { epubWithChapter } from "@/tests/epub";

// Outside Next there is no request context for the session cookie: people call the API with tokens, as scripts do.
vi.mock("@/server/auth/session", () => ({ getCurrentUser: async () => null }));

/**
 * Adding readings through the API as a script would: JSON and multipart, every file type of this
 * slice, and every way to get it wrong — each with its status and a message saying what to do, and
 * never a half-created reading.
 */
let people: Record<"adder" | "friend" | "stranger", { id: string }>;
let tokens: Record<"adder" | "friend" | "stranger", string>;
let circle: { id: string };

beforeAll(async () => {
  people = await createUsers(["adder", "friend", "stranger"], "readings-api.example");
  circle = await createGroup(people.adder, { members: { member: [people.friend] } });
  const token = async (id: string) =>
    (await createApiToken({ userId: id, name: "script", scope: "read-write", expiresInDays: null })).token;
  tokens = { adder: await token(people.adder.id), friend: await token(people.friend.id), stranger: await token(people.stranger.id) };
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await stopListening();
  await db.$disconnect();
});

const FIXTURES = path.resolve(__dirname, "../../../tests/fixtures/readings");
const fixture = (name: string) => new Uint8Array(readFileSync(path.join(FIXTURES, name)));
const WALDEN = (JSON.parse(readFileSync(path.join(FIXTURES, "paragraphs.json"), "utf8")) as { walden: string[] }).walden;

/**
 * A one-page PDF whose `startxref` points past the file (an independent check's): pdf.js opens it
 * by scanning, then finds the page tree's kid is the wrong kind of object. It answered 500.
 */
const BROKEN_PAGE_PDF = [
  "%PDF-1.4",
  "1 0 obj",
  "<< /Type /Catalog /Pages 2 0 R >>",
  "endobj",
  "2 0 obj",
  "<< /Type /Pages /Kids [6 0 R] /Count 1 >>",
  "endobj",
  "3 0 obj",
  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  "endobj",
  "4 0 obj",
  "<< /Font << /F0 3 0 R >> >>",
  "endobj",
  "5 0 obj",
  "<< /Length 47 >>",
  "stream",
  "BT /F0 12 Tf 72 700 Td (Hello xref world) Tj ET",
  "endstream",
  "endobj",
  "6 0 obj",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R /Contents 5 0 R >>",
  "endobj",
  "xref",
  "0 7",
  "0000000000 65535 f ",
  "0000000009 00000 n ",
  "0000000058 00000 n ",
  "0000000115 00000 n ",
  "0000000185 00000 n ",
  "0000000228 00000 n ",
  "0000000325 00000 n ",
  "trailer",
  "<< /Size 7 /Root 1 0 R >>",
  "startxref",
  "999999999429",
  "%%EOF",
  "",
].join("\n");

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const slugContext = (slug: string) => ({ params: Promise.resolve({ slug }) });

function postJson(body: unknown, token = tokens.adder) {
  return POST(
    new Request("http://localhost/api/documents", {
      method: "POST",
      headers: { ...auth(token), "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    {},
  );
}

function postFile(name: string, content: BlobPart, fields: Record<string, string> = {}, isPreview = false) {
  const form = new FormData();
  form.append("file", new File([content], name));
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  const url = isPreview ? "http://localhost/api/documents/preview" : "http://localhost/api/documents";
  const request = new Request(url, { method: "POST", headers: auth(tokens.adder), body: form });
  return isPreview ? previewRoute(request, {}) : POST(request, {});
}

const getAs = (slug: string, token: string) =>
  getReadingRoute(new Request(`http://localhost/api/documents/${slug}`, { headers: auth(token) }), slugContext(slug));

async function counts() {
  return { documents: await db.document.count(), versions: await db.documentVersion.count() };
}

describe("POST /api/documents", () => {
  it("answers 201 with an address a header can carry for a title in any script (the slug keeps its letters)", async () => {
    const before = await counts();
    const response = await postJson({ text: "Раскольников вышел на улицу.", title: "Преступление и наказание" });
    expect(response.status).toBe(201);
    const { slug } = (await response.json()) as { slug: string };
    expect(slug).toMatch(/^преступление-и-наказание-/);
    expect(response.headers.get("location")).toBe(`/api/documents/${encodeURIComponent(slug)}`);
    expect((await getAs(slug, tokens.adder)).status).toBe(200);
    expect((await counts()).documents).toBe(before.documents + 1);
  });

  it("adds pasted plain text as a private reading: 201 with its slug and canonical text, 404 for anyone else", async () => {
    const response = await postJson({
      text: "First paragraph,\nhard-wrapped.\n\nSecond paragraph.",
      title: "Notes on rivers",
      language: "en",
    });
    expect(response.status).toBe(201);
    const reading = (await response.json()) as { slug: string; visibility: string; version: { text: string }; readingMinutes: number };
    expect(reading).toMatchObject({
      visibility: "private",
      readingMinutes: 1,
      version: { text: "First paragraph, hard-wrapped.\n\nSecond paragraph." },
    });
    expect(response.headers.get("location")).toBe(`/api/documents/${reading.slug}`);

    const own = await getAs(reading.slug, tokens.adder);
    expect(own.status).toBe(200);
    // A private reading's text, to a caller who showed a token: no cache may keep it.
    expect(own.headers.get("Cache-Control")).toBe("private, no-store");
    const hidden = await getAs(reading.slug, tokens.stranger);
    const missing = await getAs("no-such-reading", tokens.stranger);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as { error: { message: string } }).error.message.replace(reading.slug, "X")).toBe(
      ((await missing.json()) as { error: { message: string } }).error.message.replace("no-such-reading", "X"),
    );
  });

  it("adds Markdown, and .md, .txt and .html files, shared with a group the adder is in", async () => {
    const markdown = await postJson({ markdown: "# Meanders\n\nRivers *bend*.\n\n- one\n- two" });
    expect(await markdown.json()).toMatchObject({ title: "Meanders", version: { text: "Rivers bend.\n\none\n\ntwo" } });

    const md = await postFile("notes.md", "# From a file\n\nBody **text**.", { visibility: "group", groupId: circle.id });
    const mdReading = (await md.json()) as { slug: string; title: string; group: { id: string } };
    expect(md.status).toBe(201);
    expect(mdReading).toMatchObject({ title: "From a file", group: { id: circle.id } });
    expect((await getAs(mdReading.slug, tokens.friend)).status).toBe(200);
    expect((await getAs(mdReading.slug, tokens.stranger)).status).toBe(404);

    const txt = await postFile("essay.txt", "An Essay\n\nBy Jo Doe\n\nIts only paragraph.");
    expect(await txt.json()).toMatchObject({ title: "An Essay", author: "Jo Doe", version: { text: "Its only paragraph." } });

    // A Windows "ANSI" file (not UTF-8): read as windows-1252, as a browser reads it.
    const ansi = await postFile("ansi.txt", new Uint8Array([0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x6f, 0x6b, 0x94, 0x0a]), {
      title: "ANSI",
    });
    expect(await ansi.json()).toMatchObject({ version: { text: "Café “ok”" } });

    const html = await postFile(
      "page.htm",
      "<html lang='fr'><head><title>Un article</title></head><body><nav>Accueil</nav><article><h1>Un article</h1><p>Un paragraphe assez long pour être retenu comme le contenu principal de la page par l'extracteur.</p></article></body></html>",
    );
    expect(await html.json()).toMatchObject({ title: "Un article", language: "fr" });
  });

  it("keeps a plain text's lines when asked (a poem), pasted or as a .txt file, and refuses the choice for anything else", async () => {
    const poem =
      "The Tide Rises\n\nThe tide rises, the tide falls,\n  The twilight darkens, the curlew calls;\n\nDarkness settles on roofs and walls,";
    const pasted = await postJson({ text: poem, keepLineBreaks: true });
    expect(pasted.status).toBe(201);
    expect(await pasted.json()).toMatchObject({
      title: "The Tide Rises",
      // Each line kept, with its indentation (drawn by the page as a line of its own).
      version: {
        text: "The tide rises, the tide falls,\n  The twilight darkens, the curlew calls;\n\nDarkness settles on roofs and walls,",
      },
    });
    // Without the choice, hard-wrapped lines are joined, as before.
    expect(await (await postJson({ text: poem })).json()).toMatchObject({
      version: { text: "The tide rises, the tide falls, The twilight darkens, the curlew calls;\n\nDarkness settles on roofs and walls," },
    });
    const file = await postFile("poem.txt", poem, { keepLineBreaks: "true", title: "A poem" });
    expect(await file.json()).toMatchObject({ title: "A poem", version: { text: expect.stringContaining("falls,\n  The twilight") } });

    const before = await db.document.count();
    const markdown = await postJson({ markdown: "Lines  \nbreak", keepLineBreaks: true });
    expect(markdown.status).toBe(400);
    expect(JSON.stringify(await markdown.json())).toContain("keepLineBreaks");
    const html = await postFile("page.html", "<p>A paragraph</p>", { keepLineBreaks: "true" });
    expect(html.status).toBe(400);
    expect(((await html.json()) as { error: { message: string } }).error.message).toMatch(/plain text/);
    expect(await db.document.count()).toBe(before);
  });

  it("adds a .pdf, an .epub and a .docx with their metadata, and a page from a URL with its address", async () => {
    const pdf = await postFile("walden.pdf", fixture("walden.pdf"));
    expect(pdf.status).toBe(201);
    expect(await pdf.json()).toMatchObject({
      title: "Walden",
      author: "Henry David Thoreau",
      language: "en",
      version: { text: WALDEN.join("\n\n") },
    });
    const epub = await postFile("walden.epub", fixture("walden.epub"));
    expect(epub.status).toBe(201);
    expect(await epub.json()).toMatchObject({
      title: "Walden, or Life in the Woods",
      sourceUrl: "https://www.gutenberg.org/ebooks/205",
      publishedAt: "1854-08-09T00:00:00.000Z",
    });
    const docx = await postFile("walden.docx", fixture("walden.docx"), { title: "Economy (draft)" });
    expect(docx.status).toBe(201);
    expect(await docx.json()).toMatchObject({ title: "Economy (draft)", author: "Henry David Thoreau" });

    const server = createServer((_request, response) =>
      response
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end(
          `<html lang="en"><head><title>Moss</title><meta name="author" content="R. Kimmerer"></head><body><nav>Home</nav>` +
            `<article><h1>Moss</h1><p>${"Mosses grow where little else will, on stone and bark. ".repeat(4)}</p></article></body></html>`,
        ),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = `http://localhost:${(server.address() as AddressInfo).port}/moss`;
    try {
      const refused = await postJson({ url: address });
      expect(refused.status).toBe(422); // loopback, and the allow-list is empty
      vi.stubEnv("READING_URL_ALLOW_HOSTS", "localhost");
      const imported = await postJson({ url: address });
      expect(imported.status).toBe(201);
      expect(await imported.json()).toMatchObject({ title: "Moss", author: "R. Kimmerer", sourceUrl: address, visibility: "private" });
    } finally {
      vi.unstubAllEnvs();
      server.close();
    }
  });

  it("previews a PDF with where each page begins", async () => {
    const response = await postFile("walden.pdf", fixture("walden.pdf"), {}, true);
    expect(response.status).toBe(200);
    const preview = (await response.json()) as { pages: { number: number; start: number }[]; text: string };
    expect(preview.pages.map((page) => page.number)).toEqual([1, 2, 3]);
    expect(preview.text.slice(preview.pages[1].start)).toMatch(/^a simple and sincere account/);
  });

  it("previews without saving anything", async () => {
    const before = await counts();
    const response = await postFile("draft.md", "# Draft\n\nOne.\n\nTwo.", {}, true);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ title: "Draft", paragraphs: ["One.", "Two."], text: "One.\n\nTwo.", wordCount: 2 });
    expect(await counts()).toEqual(before);
  });

  it("refuses what it cannot take with 413, 415, 422, 404 or 400, a message saying what to do, and nothing half-created", async () => {
    const before = await counts();
    const refusals: Array<[string, () => Promise<Response>, number, RegExp]> = [
      [
        "a file type it cannot read",
        () => postFile("paper.pages", "PK..."),
        415,
        /Cannot read \.pages files: add a reading from a \.txt, \.md, \.html, \.docx, \.epub or \.pdf file/,
      ],
      ["a .pdf that is not a PDF", () => postFile("paper.pdf", "%PDF-1.7 ..."), 422, /damaged or not a PDF/],
      // pdf.js opens it, then fails on its page (an independent check's file: this answered 500).
      ["a PDF whose page cannot be read", () => postFile("broken-page.pdf", BROKEN_PAGE_PDF), 422, /damaged or not a PDF/],
      [
        "an EPUB nested past the stack",
        () => postFile("deep.epub", epubWithChapter(`${"<div>".repeat(60_000)}deep${"</div>".repeat(60_000)}`)),
        422,
        /This EPUB is too complex to read here \(it is nested too deeply\)/,
      ],
      ["an encrypted PDF", () => postFile("locked.pdf", fixture("encrypted.pdf")), 422, /encrypted with a password/],
      ["a scanned PDF with no text layer", () => postFile("scan.pdf", fixture("scanned.pdf")), 422, /no text layer.*OCR/],
      ["an EPUB zip bomb", () => postFile("bomb.epub", fixture("bomb.epub")), 413, /unpacks to more than 100 MB/],
      ["a .docx whose entry lies about its size", () => postFile("bomb.docx", fixture("lying-bomb.docx")), 413, /zip bomb/],
      ["a URL on the server's own network", () => postJson({ url: "http://127.0.0.1:9/" }), 422, /private or local network/],
      ["a URL that is not http", () => postJson({ url: "file:///etc/passwd" }), 400, /http:\/\/ or https:\/\//],
      [
        "a body that is neither JSON nor a form",
        () =>
          POST(
            new Request("http://localhost/api/documents", {
              method: "POST",
              headers: { ...auth(tokens.adder), "content-type": "text/plain" },
              body: "hi",
            }),
            {},
          ),
        415,
        /Send the reading as JSON/,
      ],
      ["an empty text", () => postJson({ text: "  \n\n  ", title: "Nothing" }), 422, /No text was found to read/],
      ["an empty file", () => postFile("empty.txt", ""), 422, /No text was found to read/],
      ["a page with no article", () => postFile("blank.html", "<html><body><nav>Home</nav></body></html>"), 422, /No text was found/],
      ["an empty page", () => postFile("empty.html", ""), 422, /No text was found/],
      [
        "a binary file named .txt",
        () => postFile("data.txt", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x00, 0x0a])),
        422,
        /not a text file/,
      ],
      [
        "a group the adder is not in",
        () => postJson({ text: "Hello there.", title: "T", visibility: "group", groupId: "not-my-group" }),
        404,
        /No such group/,
      ],
      ["both text and markdown", () => postJson({ text: "a", markdown: "b" }), 400, /exactly one of `text`, `markdown` or `url`/],
      [
        "public where the site does not allow it",
        () => postJson({ text: "Hello.", title: "T", visibility: "public" }),
        403,
        /does not allow sharing readings with everyone/,
      ],
    ];
    for (const [what, send, status, message] of refusals) {
      const response = await send();
      expect(response.status, what).toBe(status);
      expect(((await response.json()) as { error: { message: string } }).error.message, what).toMatch(message);
    }

    vi.stubEnv("READING_MAX_MB", "0.001");
    try {
      const tooLarge = await postFile("big.txt", "word ".repeat(60_000));
      expect(tooLarge.status).toBe(413);
      expect(((await tooLarge.json()) as { error: { message: string } }).error.message).toMatch(
        /too large: at most 1 KB\..*READING_MAX_MB/,
      );
      const tooLargeJson = await postJson({ text: "word ".repeat(60_000), title: "Big" });
      expect(tooLargeJson.status).toBe(413);
    } finally {
      vi.unstubAllEnvs();
    }
    vi.stubEnv("READING_MAX_PAGES", "2");
    try {
      const tooManyPages = await postFile("walden.pdf", fixture("walden.pdf"));
      expect(tooManyPages.status).toBe(413);
      expect(((await tooManyPages.json()) as { error: { message: string } }).error.message).toMatch(
        /3 pages; at most 2.*READING_MAX_PAGES/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
    // Refused in the conversion worker, before the draft is sent to the server (a 1,000 × 100 table made 101,000 paragraphs).
    vi.stubEnv("READING_MAX_PARAGRAPHS", "3");
    vi.stubEnv("READING_MAX_TABLE_CELLS", "5");
    try {
      const tooManyParagraphs = await postJson({ text: "One.\n\nTwo.\n\nThree.\n\nFour.", title: "Four" });
      expect(tooManyParagraphs.status).toBe(413);
      expect(((await tooManyParagraphs.json()) as { error: { message: string } }).error.message).toBe(
        "This reading has 4 paragraphs; a reading may have at most 3. Split it into parts and add each, or ask whoever runs this site to raise READING_MAX_PARAGRAPHS.",
      );
      // Six cells (three heading, three body) and a paragraph after them: seven paragraphs, within this limit.
      vi.stubEnv("READING_MAX_PARAGRAPHS", "100");
      const tooManyCells = await postFile("table.md", "| a | b | c |\n| - | - | - |\n| 1 | 2 | 3 |\n\nAfter the table.");
      expect(tooManyCells.status).toBe(413);
      expect(((await tooManyCells.json()) as { error: { message: string } }).error.message).toBe(
        // Counted from the file's lines, before it is parsed (lib/documents/markdown-table-cells.ts).
        "This reading's tables have at least 6 cells; a reading may have at most 5. Split the tables into parts and add each, or ask whoever runs this site to raise READING_MAX_TABLE_CELLS.",
      );
      vi.stubEnv("READING_MAX_TABLE_CELLS", "6");
      expect((await postFile("table.md", "| a | b | c |\n| - | - | - |\n| 1 | 2 | 3 |\n\nAfter the table.", {}, true)).status).toBe(200);
    } finally {
      vi.unstubAllEnvs();
    }

    expect(await counts()).toEqual(before);
  });

  it("reads a pathological page off the server's thread: refused with 422 in bounded time while other work goes on, and the next page reads", async () => {
    // 2,000 nested <div>s (22 KB) took Readability 40 s on the request thread, and the server answered nobody meanwhile.
    vi.stubEnv("READING_CONVERSION_TIMEOUT_MS", "2000");
    try {
      const before = await counts();
      const deep = `<html><body>${"<div>".repeat(2000)}deep text${"</div>".repeat(2000)}</body></html>`;
      let ticks = 0;
      const ticker = setInterval(() => ticks++, 50);
      const started = Date.now();
      const response = await postFile("deep.html", deep);
      const elapsed = Date.now() - started;
      clearInterval(ticker);
      expect(response.status).toBe(422);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /too complex to read here.*PDF or plain text/,
      );
      expect(elapsed).toBeLessThan(15_000);
      // The event loop was free: a 50 ms timer kept firing through the whole extraction.
      expect(ticks).toBeGreaterThan(elapsed / 50 / 10);
      expect(await counts()).toEqual(before);
      // The stuck worker was replaced: an ordinary page after it reads (with the usual time limit: a new worker starts first).
      vi.unstubAllEnvs();
      const next = await postFile(
        "next.html",
        `<html><head><title>After</title></head><body><article><h1>After</h1><p>${"An ordinary paragraph of a page. ".repeat(5)}</p></article></body></html>`,
      );
      expect(next.status).toBe(201);
      expect(await next.json()).toMatchObject({ title: "After" });
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("converts pasted text and Markdown off the server's thread too, and refuses Markdown nested past the bound with 422", async () => {
    const before = await counts();
    // 40 KB of nested quotes held the server 47 s, then answered 500 (the stack overflowed).
    const quotes = await postJson({ markdown: `# Quotes\n\n${">".repeat(40_000)} x\n`, visibility: "private" });
    expect(quotes.status).toBe(422);
    expect(((await quotes.json()) as { error: { message: string } }).error.message).toMatch(/Line 3 nests quotes or lists 40,000 deep/);
    expect(await counts()).toEqual(before);

    // Honest Markdown and text still read, through the same worker.
    const markdown = await postJson({ markdown: "# Notes\n\n> A quote.\n\n- one\n- two", visibility: "private" });
    expect(markdown.status).toBe(201);
    expect(await markdown.json()).toMatchObject({ title: "Notes" });
    const text = await postJson({ text: "Plain words.\n\nA second paragraph.", title: "Plain", visibility: "private" });
    expect(text.status).toBe(201);
  });

  it("counts the text a person adds in a day, readings and versions alike, and refuses past it with 429, adding nothing", async () => {
    vi.stubEnv("READING_MB_PER_DAY", "1"); // ten units of 100 KB
    try {
      const { token } = await createApiToken({ userId: people.stranger.id, name: "texts", scope: "read-write", expiresInDays: null });
      const paragraph = "A long paragraph of the kind a book is made of, written out to fill the page. ".repeat(40);
      const text = (kilobytes: number, seed: string) =>
        Array.from({ length: Math.ceil((kilobytes * 1024) / paragraph.length) }, (_, i) => `${seed} ${i}. ${paragraph}`).join("\n\n");
      // 250 KB counts as three units: three readings take nine of the ten.
      const slugs: string[] = [];
      for (const seed of ["first", "second", "third"]) {
        const response = await postJson({ text: text(250, seed), title: `Long ${seed}` }, token);
        expect(response.status).toBe(201);
        slugs.push(((await response.json()) as { slug: string }).slug);
      }
      const owned = () => db.document.count({ where: { ownerId: people.stranger.id } });
      const before = await owned();
      const refused = await postJson({ text: text(250, "fourth"), title: "Long fourth" }, token);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(60);
      expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(
        /this server takes 1 MB of readings and versions a day per person, a version counting its text and the places of the annotations it carries over\)\. Nothing was added; try again in \d+ (minutes|hours)\./,
      );
      expect(await owned()).toBe(before);
      // A version counts too: the one unit left holds a short correction, not another long text.
      const version = (body: unknown) =>
        postVersion(
          new Request(`http://localhost/api/documents/${slugs[0]}/versions`, {
            method: "POST",
            headers: { ...auth(token), "content-type": "application/json" },
            body: JSON.stringify(body),
          }),
          slugContext(slugs[0]),
        );
      expect((await version({ text: text(250, "again") })).status).toBe(429);
      expect((await version({ text: "A short correction of the whole text." })).status).toBe(201);
      expect(await db.documentVersion.count({ where: { document: { slug: slugs[0] } } })).toBe(2);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("refuses anonymous callers with 401 before reading the body", async () => {
    const response = await POST(
      new Request("http://localhost/api/documents", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" }),
      {},
    );
    expect(response.status).toBe(401);
  });
});

describe("PATCH and DELETE /api/documents/{slug}, and the library", () => {
  it("the owner edits metadata and sharing; deleting answers how many annotations went with it", async () => {
    const created = (await (await postJson({ text: "Some words to annotate here.", title: "To change" })).json()) as { slug: string };
    const patch = (token: string, body: unknown) =>
      PATCH(
        new Request(`http://localhost/api/documents/${created.slug}`, {
          method: "PATCH",
          headers: { ...auth(token), "content-type": "application/json" },
          body: JSON.stringify(body),
        }),
        slugContext(created.slug),
      );
    expect((await patch(tokens.stranger, { title: "Mine now" })).status).toBe(404);
    const changed = await patch(tokens.adder, {
      title: "Changed",
      author: "A. Dder",
      language: "en-GB",
      visibility: "group",
      groupId: circle.id,
    });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ title: "Changed", author: "A. Dder", language: "en-GB", visibility: "group" });
    expect((await patch(tokens.friend, { title: "Friend's" })).status).toBe(403);

    // Source and publication date: validated, stored, cleared with null.
    const dated = await patch(tokens.adder, { sourceUrl: " https://example.org/essays/walden ", publishedAt: "1854-08-09" });
    expect(dated.status).toBe(200);
    expect(await dated.json()).toMatchObject({ sourceUrl: "https://example.org/essays/walden", publishedAt: "1854-08-09T00:00:00.000Z" });
    const timed = await patch(tokens.adder, { publishedAt: "2024-05-17T10:30:00+02:00" });
    expect(await timed.json()).toMatchObject({ publishedAt: "2024-05-17T08:30:00.000Z", sourceUrl: "https://example.org/essays/walden" });
    for (const wrong of [
      { sourceUrl: "javascript:alert(1)" },
      { sourceUrl: "/relative/path" },
      { sourceUrl: "ftp://example.org/file" },
      { publishedAt: "2023-02-30" },
      { publishedAt: "17/05/2024" },
      { publishedAt: "0000-01-01" },
      { publishedAt: 1715900000 },
      { language: "English!" },
    ]) {
      const refused = await patch(tokens.adder, wrong);
      expect([400, 422], JSON.stringify(wrong)).toContain(refused.status);
      expect(((await refused.json()) as { error: { message: string } }).error.message, JSON.stringify(wrong)).toBeTruthy();
    }
    const cleared = await patch(tokens.adder, { sourceUrl: null, publishedAt: "" });
    expect(await cleared.json()).toMatchObject({ sourceUrl: null, publishedAt: null, title: "Changed" });

    const listed = (await (
      await listRoute(new Request("http://localhost/api/documents?filter=group", { headers: auth(tokens.friend) }), {})
    ).json()) as {
      items: Array<{ slug: string; annotationCount: number }>;
    };
    expect(listed.items.map((item) => item.slug)).toContain(created.slug);
    // The same library searched through the API: the friend finds it by a word of its text, a stranger does not.
    const search = async (token: string, q: string) =>
      (
        (await (
          await listRoute(new Request(`http://localhost/api/documents?q=${encodeURIComponent(q)}`, { headers: auth(token) }), {})
        ).json()) as { items: Array<{ slug: string }> }
      ).items.map((item) => item.slug);
    expect(await search(tokens.friend, "annota")).toContain(created.slug);
    expect(await search(tokens.stranger, "annota")).not.toContain(created.slug);
    expect(await search(tokens.friend, '"annotate -here*')).toContain(created.slug);

    const text = "Some words to annotate here.";
    const friendsNote = await annotate(people.friend, created.slug, { group: circle.id }, { body: "a friend's note", text, at: [0, 4] });
    await annotate(people.adder, created.slug, "private", { body: "my own note", text, at: [5, 10] });
    await reply(people.adder, friendsNote.id, "a reply");
    // What deleting it does, as its readers count: the owner's annotation goes; the friend's, with
    // the owner's reply in it, stays the friend's.
    const details = (await (await getAs(created.slug, tokens.adder)).json()) as { annotationCount: number; replyCount: number };
    expect(details).toMatchObject({ annotationCount: 1, replyCount: 0, keptAnnotationCount: 1 });
    const remove = (token: string) =>
      DELETE(
        new Request(`http://localhost/api/documents/${created.slug}`, { method: "DELETE", headers: auth(token) }),
        slugContext(created.slug),
      );
    expect((await remove(tokens.friend)).status).toBe(403);
    const deleted = await remove(tokens.adder);
    expect(await deleted.json()).toEqual({ slug: created.slug, deletedAnnotations: 1, deletedReplies: 0, keptAnnotations: 1 });
    expect((await getAs(created.slug, tokens.friend)).status).toBe(404);
    expect((await getAs(created.slug, tokens.adder)).status).toBe(404);
  });
});
