import { formatDay } from "@/lib/format-date";

/** A reading as a list of them names it: `addedAt` is when it was added (ISO 8601). */
export type LabelledReading = { slug: string; title: string; addedAt: string };

/**
 * What a list of readings (a select) shows for each, by slug: its title, told apart from the others
 * of the same title in that list (an original and a re-uploaded copy) by the day it was added, in
 * UTC so that the server's page and the browser's agree; and where that day is the same too, by its
 * address (the slug the reading's page shows). Before, a reader saw the same title twice and could
 * import into the wrong one.
 */
export function readingLabels(readings: readonly LabelledReading[]): Map<string, string> {
  const count = (key: (reading: LabelledReading) => string) => {
    const counts = new Map<string, number>();
    for (const reading of readings) counts.set(key(reading), (counts.get(key(reading)) ?? 0) + 1);
    return (reading: LabelledReading) => counts.get(key(reading))!;
  };
  const added = (reading: LabelledReading) => `added ${formatDay(reading.addedAt, "UTC")}`;
  const sameTitle = count((reading) => reading.title);
  const sameTitleAndDay = count((reading) => `${reading.title}\n${added(reading)}`);
  return new Map(
    readings.map((reading) => {
      if (sameTitle(reading) === 1) return [reading.slug, reading.title];
      if (sameTitleAndDay(reading) === 1) return [reading.slug, `${reading.title} (${added(reading)})`];
      return [reading.slug, `${reading.title} (${added(reading)}, ${reading.slug})`];
    }),
  );
}
