// The `versions` section of `npm run bench:scale`: a reading's owner adds a new version while the
// class goes on writing. The reading carries 0, 1,000 and 10,000 annotations (BENCH_VERSION_ANNOTATIONS,
// a comma list; tests/factories/bulk-annotations.ts: every scope, replies, tags); the new version
// corrects a word near the start of the text, so every annotation after it moves and is written anew.
// Meanwhile the class (40 students, in turn) creates annotations on another reading, one after
// another with 50 ms between them, within each student's write rate. Each size BENCH_VERSION_RUNS times (default 3; the correction made and unmade in turn).
// And a long reading rewritten whole, with 30 notes that take the most fuzzy matching each may do
// (BENCH_VERSION_REWRITE=0 leaves it out).
// Figures, beside the reading with none (the conversion and the version's own rows: the floor):
//   version     the new version's request until its answer (the median of the runs, and the slowest)
//   creates     the class's creates during those requests: p50 and the longest, beside the same
//               creates just before with no version being added
import { performance as clock } from "node:perf_hooks";
import { describeTextRange } from "@/lib/anchoring/text-quote";
import type { Database } from "@/server/db/client";

type Row = { label: string; figures: Record<string, string> };
type Person = { id: string; token: string };
type Server = { url: string; db: Database; makePeople: (count: number, label: string) => Promise<Person[]> };

const RUNS = Number(process.env.BENCH_VERSION_RUNS ?? 3);
/** Notes in the rewritten reading, each quoting a whole section of look-alike words. */
const REWRITE_QUOTES = 30;

/** `count` words from a few that read alike, so nothing but a section's edges tells where it is. */
function lookAlikeWords(count: number, seed: number): string {
  const words = ["policy", "state", "border", "talks", "group", "army"];
  return Array.from({ length: count }, (_, i) => words[(i * 7 + seed + (i >> 3)) % 6]).join(" ");
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const ms = (value: number) => `${value.toFixed(0)} ms`;

export async function benchVersions(server: Server): Promise<Row[]> {
  const { createGroup, createReading, insertAnnotation } = await import("@/tests/factories");
  const { insertBulkNotes } = await import("@/tests/factories/bulk-annotations");
  const counts = (process.env.BENCH_VERSION_ANNOTATIONS ?? "0,1000,10000").split(",").map(Number);
  const [owner, classmate, teacher] = await server.makePeople(3, "versions");
  const students = await server.makePeople(40, "versions-student");
  const seminar = await createGroup(teacher, { members: { instructor: [teacher], member: [owner, classmate, ...students] } });
  const stamp = Date.now().toString(36);
  // A reading shared with everyone, where the class's creates go.
  const desk = await createReading(teacher, `bench-versions-desk-${stamp}`, { visibility: "public" });
  const deskText = (await server.db.documentVersion.findFirstOrThrow({ where: { documentId: desk.id }, select: { text: true } })).text;
  let creates = 0;
  const create = async (): Promise<number> => {
    const start = (creates * 37) % (deskText.length - 40);
    const writer = students[creates % students.length];
    creates += 1;
    await new Promise((resolve) => setTimeout(resolve, 50));
    const { quote, position } = describeTextRange(deskText, start, start + 12);
    const started = clock.now();
    const response = await fetch(`${server.url}/api/documents/${desk.slug}/annotations`, {
      method: "POST",
      headers: { Authorization: `Bearer ${writer.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ target: { selector: [quote, position] }, body: `a note ${creates}`, visibility: "everyone" }),
    });
    await response.arrayBuffer();
    if (response.status !== 201) throw new Error(`a create answered ${response.status}`);
    return clock.now() - started;
  };
  for (let index = 0; index < 10; index += 1) await create(); // warm the route up

  /**
   * `send(run)` for each of `runs` while the class writes, its answer checked by `check`: its row
   * (the "version" figure is that request's time: a version, or a note on an older one).
   */
  const measure = async (
    label: string,
    runs: number,
    send: (run: number) => Promise<Response>,
    check: (status: number, answer: Record<string, unknown>) => void,
  ): Promise<Row> => {
    const versionTimes: number[] = [];
    const alone: number[] = [];
    const during: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      for (let index = 0; index < 20; index += 1) alone.push(await create());
      let adding = true;
      // Its failure is thrown once the request has answered (an unawaited rejection would end the run
      // with the server still up).
      const writing = (async () => {
        while (adding) during.push(await create());
      })().catch((error: unknown) => error);
      const started = clock.now();
      const response = await send(run);
      const answer = (await response.json()) as Record<string, unknown>;
      versionTimes.push(clock.now() - started);
      adding = false;
      const failed = await writing;
      if (failed) throw failed;
      check(response.status, answer);
    }
    return {
      label,
      figures: {
        version: `${ms(median(versionTimes))} (slowest ${ms(Math.max(...versionTimes))})`,
        "creates alone p50 / max": `${ms(median(alone))} / ${ms(Math.max(...alone))}`,
        "creates during p50 / max": `${ms(median(during))} / ${ms(Math.max(...during))}`,
        "creates during": String(during.length),
      },
    };
  };
  /** A version of `reading` sent RUNS times (`texts` in turn) while the class writes, each placing `count` annotations. */
  const measureVersions = (label: string, reading: { slug: string }, texts: [string, string], count: number) =>
    measure(
      label,
      RUNS,
      (run) => addVersion(reading, texts[run % 2]),
      (status, answer) => {
        if (status !== 201) throw new Error(`the version answered ${status}: ${JSON.stringify(answer)}`);
        const anchoring = answer.anchoring as Record<string, number> | undefined;
        const placed = (anchoring?.anchored ?? 0) + (anchoring?.relocated ?? 0) + (anchoring?.orphaned ?? 0);
        if (placed !== count) throw new Error(`re-anchored ${placed} of ${count}: ${JSON.stringify(answer)}`);
      },
    );
  const addVersion = (reading: { slug: string }, text: string) =>
    fetch(`${server.url}/api/documents/${reading.slug}/versions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${owner.token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ text }),
    });

  const rows: Row[] = [];
  for (const count of counts) {
    const reading = await createReading(owner, `bench-versions-${count}-${stamp}`);
    if (count > 0)
      await insertBulkNotes({
        document: reading,
        threads: count,
        authors: [owner, classmate, ...students.slice(0, 3)],
        group: { id: seminar.id, instructor: teacher },
        prefix: `bench-versions-${count}-${stamp}`,
      });
    const original = (await server.db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, select: { text: true } })).text;
    const corrected = original.replace("Pakistan", "Pakistan’s");
    rows.push(await measureVersions(`a new version, ${count.toLocaleString("en")} annotations`, reading, [corrected, original], count));
  }

  // The hardest a version gets: a long reading rewritten whole (its parts in reverse order, each
  // paragraph's words too: the word diff's worst), and notes any reader may write that take the most
  // fuzzy matching there is within their bound (whole sections of look-alike words, their first and
  // last words changed by the version).
  if (process.env.BENCH_VERSION_REWRITE !== "0") {
    const reading = await createReading(owner, `bench-versions-rewritten-${stamp}`);
    const article = (await server.db.documentVersion.findFirstOrThrow({ where: { documentId: reading.id }, select: { text: true } })).text;
    const parts = Array.from({ length: 36 }, (_, part) => `Part ${part + 1}.\n\n${article}`);
    const sections = Array.from({ length: REWRITE_QUOTES }, (_, section) => lookAlikeWords(800, section));
    const longText = [...parts, ...sections].join("\n\n");
    const edited = (section: string) => `Xyz ${section.slice(section.indexOf(" ") + 1, section.lastIndexOf(" "))} Qrs`;
    // Every paragraph's words in reverse order, the parts too: the word diff's worst (~2 s here).
    const reworded = (part: string) =>
      part
        .split("\n\n")
        .map((paragraph) => paragraph.split(" ").reverse().join(" "))
        .join("\n\n");
    const rewritten = [...parts.reverse().map(reworded), ...sections.map(edited)].join("\n\n");
    const first = await addVersion(reading, longText);
    if (first.status !== 201) throw new Error(`the long version answered ${first.status}: ${await first.text()}`);
    const stored = (
      await server.db.documentVersion.findFirstOrThrow({
        where: { documentId: reading.id },
        orderBy: { number: "desc" },
        select: { text: true },
      })
    ).text;
    if (stored.length < longText.length - 100) throw new Error(`the long version was stored as ${stored.length} characters`);
    for (const section of sections) {
      const start = stored.indexOf(section);
      await insertAnnotation(owner, reading, { at: [start, start + section.length], body: "a whole section" });
    }
    const label = `${(longText.length / 1000).toFixed(0)},000 characters rewritten whole, ${REWRITE_QUOTES} notes quoting 5,000 each`;
    rows.push(await measureVersions(label, reading, [rewritten, longText], REWRITE_QUOTES));

    // A note written on each older version whose text differs from the latest (a page left open, a
    // reading kept offline): each pair of versions compared for the first time.
    const versions = await server.db.documentVersion.findMany({
      where: { documentId: reading.id },
      orderBy: { number: "asc" },
      select: { id: true, text: true },
    });
    const latestText = versions.at(-1)!.text;
    const older = versions.filter((version) => version.text.length > article.length && version.text !== latestText);
    rows.push(
      await measure(
        `a note on an older version of it (${older.length}, each compared for the first time)`,
        older.length,
        (run) => {
          const start = Math.floor(older[run].text.length / 3);
          const { quote, position } = describeTextRange(older[run].text, start, start + 40);
          return fetch(`${server.url}/api/documents/${reading.slug}/annotations`, {
            method: "POST",
            headers: { Authorization: `Bearer ${owner.token}`, "Content-Type": "application/json" },
            body: JSON.stringify({ target: { selector: [quote, position] }, body: "on an older version", versionId: older[run].id }),
          });
        },
        (status, answer) => {
          if (status !== 201) throw new Error(`the note answered ${status}: ${JSON.stringify(answer)}`);
        },
      ),
    );
  }
  return rows;
}
