import type { ReadingProgressDto } from "@/lib/reading-progress/schemas";

/** "62 % · 14 min active": how far a student has read (furthest paragraph seen) and for how long. */
export function ReadingDone({ reading }: { reading: ReadingProgressDto }) {
  if (reading.furthestPercent === 0 && reading.activeMinutes === 0) return <span className="reading-done">Not read yet</span>;
  const minutes = reading.activeMinutes === 0 ? "under a minute" : `${reading.activeMinutes} min`;
  return (
    <span className="reading-done">
      {reading.furthestPercent} % · {minutes} active
    </span>
  );
}
