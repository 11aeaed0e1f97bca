/**
 * The order a class is listed in, wherever the staff read it: the assignment page, the review page,
 * the gradebooks and students.csv. By name as the server's locale sorts names ("Émile" among the
 * E's, "Zoë" among the Z's), then by id, so two people of the same name keep one order everywhere.
 * Sorted here rather than by the database: SQLite's ORDER BY compares code points, which put
 * "Émile" and "Zoë" after "Student 40", and PostgreSQL's order depends on the database's collation.
 */
const names = new Intl.Collator();

export function inClassOrder(a: { id: string; name: string }, b: { id: string; name: string }): number {
  return names.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
