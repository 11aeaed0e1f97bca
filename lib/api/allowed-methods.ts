import { API_CONTRACTS } from "./contracts";

/**
 * Which methods an API address answers, read from the contracts: the API document's test
 * (app/api/openapi.json/openapi.test.ts) holds every route file under app/api/ and every method it
 * exports to a contract, so this table is the routes' own. Next.js answers a method a route does not
 * export with an empty 405 and no `Allow` header (which RFC 9110 requires); scripts/serve.ts answers
 * it in the one error shape with `Allow`, from here, before Next is asked.
 */

/** A contract's path by its segments: a string is a literal segment, null a parameter ("{id}"). */
type Template = { segments: (string | null)[]; methods: Set<string> };

const TEMPLATES: Template[] = [];
for (const contract of API_CONTRACTS) {
  const segments = contract.path
    .split("/")
    .slice(1)
    .map((segment) => (/^\{.+\}$/.test(segment) ? null : segment));
  const same = TEMPLATES.find((template) => sameShape(template.segments, segments));
  if (same) same.methods.add(contract.method);
  else TEMPLATES.push({ segments, methods: new Set([contract.method]) });
}

function sameShape(a: (string | null)[], b: (string | null)[]): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

/**
 * The methods `pathname` answers, sorted (HEAD with GET, and OPTIONS, as Next.js adds them), or null
 * when no API route has that address (Next.js answers that: 404). Where a literal segment and a
 * parameter both fit ("/api/annotations/move" and "/api/annotations/{id}"), the literal wins, as in
 * Next.js's own routing.
 */
export function allowedMethods(pathname: string): string[] | null {
  const segments = pathname.split("/").slice(1);
  let best: Template | null = null;
  for (const template of TEMPLATES) {
    if (!fits(template, segments)) continue;
    if (!best || isMoreSpecific(template, best)) best = template;
  }
  if (!best) return null;
  const methods = new Set(best.methods).add("OPTIONS");
  if (methods.has("GET")) methods.add("HEAD");
  return [...methods].sort();
}

function fits(template: Template, segments: string[]): boolean {
  return (
    template.segments.length === segments.length &&
    template.segments.every((literal, index) => (literal === null ? segments[index] !== "" : literal === segments[index]))
  );
}

/** At the first segment where one template has a literal and the other a parameter, the literal is more specific. */
function isMoreSpecific(a: Template, b: Template): boolean {
  for (let index = 0; index < a.segments.length; index++) {
    const [left, right] = [a.segments[index] !== null, b.segments[index] !== null];
    if (left !== right) return left;
  }
  return false;
}
