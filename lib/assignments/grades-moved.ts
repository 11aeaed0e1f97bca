/**
 * What the staff are told of grades that moved since the last release (server/assignments/released-grades.ts):
 * "2 grades have moved since the last release: Ana Lima 8 → 9; Ben Ode (not in it) 7.5." Up to `shown` named,
 * set apart by semicolons: a name may have a comma in it ("Lima, Ana").
 */
export function describeGradesMoved(moved: readonly { name: string; from: number | null; to: number }[], shown = 5): string {
  const named = moved
    .slice(0, shown)
    .map(({ name, from, to }) => (from === null ? `${name} (not in it) ${to}` : `${name} ${from} → ${to}`));
  const more = moved.length - named.length;
  const list = more > 0 ? `${named.join("; ")}; and ${more} more` : named.join("; ");
  return `${moved.length === 1 ? "1 grade has" : `${moved.length} grades have`} moved since the last release: ${list}.`;
}
