/**
 * Whether a post to a page is shaped like a server action call at all, checked before Next.js
 * decodes it (proxy.ts). Next answers a body it cannot decode — `null`, a number, JSON cut short, a
 * multipart body that does not parse, a bound action whose arguments are missing — with a bare 500
 * from inside its own decoding, before any code of ours runs; scripts and scanners meet that. The
 * shapes checked are the ones React's `encodeReply` and its no-JavaScript form encoding produce:
 *
 * - with the `Next-Action` header (a call from the page's script), the arguments are a list: the
 *   whole text body, or the form field `0` of a multipart body, is a JSON array;
 * - without it (a form posted before the page's script ran), a multipart or urlencoded body that
 *   parses; a bound action's `$ACTION_<n>:0` field is a JSON object naming the action, and the
 *   bound arguments it points to (`"$@<k>"`) are there, as a JSON array.
 *
 * Inside the list, React's decoder (`decodeReply`) reads strings that start with `$` as references:
 * to another part of the body (`"$1"`, `"$0:0"`, a Map `"$Q1"`, a file `"$B1"`), or to types JSON
 * lacks (`"$D…"` a date, `"$n…"` a BigInt). A reference to a part that is not there, a path that
 * leads nowhere, a BigInt that is not digits, a list nested thousands deep or longer than Next's
 * 1,000 arguments each throw inside that decoder, a bare 500 again. So the arguments are walked here
 * too, every part they reach, and only what React's encoder writes for the values our pages pass
 * (see `ARGUMENT_MARKS`) is let through. Whether the values are right is the action's own business
 * (readForm, server/http/form-text.ts).
 *
 * No imports of the database or of Node-only modules: the proxy runs it on every page post.
 *
 * Returns why the body is refused, or null.
 */
export async function serverActionBodyRefusal(request: Request): Promise<string | null> {
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  const isForm = type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
  // Next refuses bodies over its server-action limit (1 MB) itself; reading one here would only
  // hold it in memory twice.
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > ONE_MEGABYTE) return null;

  if (request.headers.has("next-action")) {
    if (isForm) {
      const form = await formOf(request);
      if (!form) return FORM_NOT_WHOLE;
      const root = form.get("0");
      return typeof root === "string" ? argumentsRefusal(root, partsOfForm(form, "")) : ARGUMENTS_NOT_A_LIST;
    }
    // A body sent as text has one part, the list itself.
    return argumentsRefusal(await request.clone().text(), () => undefined);
  }

  if (!isForm) return null;
  const form = await formOf(request);
  if (!form) return FORM_NOT_WHOLE;
  for (const name of form.keys()) {
    const reference = /^\$ACTION_REF_(.*)$/.exec(name);
    if (reference && !hasWholeBoundAction(form, `$ACTION_${reference[1]}:`)) return FORM_NOT_WHOLE;
  }
  return null;
}

const ONE_MEGABYTE = 1024 * 1024;
const FORM_NOT_WHOLE = "This form did not arrive whole: nothing was saved. Reload the page and try again.";
const ARGUMENTS_NOT_A_LIST = "A server action's arguments are a list (a JSON array): nothing was saved.";
const ARGUMENTS_UNREADABLE =
  "A server action's arguments refer to parts the call does not carry, or are nested too deep or too many: nothing was saved.";

/** Next's own limit on a call's arguments (SERVER_ACTION_ARGS_LIMIT), and on a bound action's. */
const MAX_ARGUMENTS = 1000;
/** Far deeper than any value a page passes; far shallower than what overflows the decoder's stack. */
const MAX_DEPTH = 64;

/**
 * The `$` strings React's encoder writes for the values our pages pass, besides references to
 * parts: an escaped `$`, undefined, ±Infinity, -0, NaN, a date, a BigInt (at most 300 digits, the
 * decoder's limit), a FormData (`$K`, its fields carried as `<part>_<name>`, which cannot be
 * missing: an absent one is an empty form) and an opaque temporary reference (`$T`).
 */
const ARGUMENT_MARKS = /^\$(?:\$.*|undefined|Infinity|-Infinity|-0|NaN|D.*|n-?\d{1,300}|K[0-9a-f]+|T.*)$/s;
/** A reference to another part: plain (optionally with a path into it), a Map, a Set, an iterator, a promise, a file. */
const PART_REFERENCE = /^\$([QWi@B]?)([0-9a-f]+)((?::[^:]*)*)$/s;

/** A part of the body by its number: the text of a form field, a file, or undefined when absent. */
type PartOf = (id: number) => string | Blob | undefined;

function partsOfForm(form: FormData, prefix: string): PartOf {
  return (id) => form.get(`${prefix}${id}`) ?? undefined;
}

/**
 * Walks a call's argument list (the part numbered `rootId`, given as text: 0 for a call from a
 * script, a bound action's arguments part otherwise) and every part it refers to, the way React's
 * decoder would reach them; returns why it would fail, or null.
 */
function argumentsRefusal(rootText: string, partOf: PartOf, rootId = 0): string | null {
  const root = parsed(rootText);
  if (!Array.isArray(root)) return ARGUMENTS_NOT_A_LIST;
  if (root.length > MAX_ARGUMENTS) return ARGUMENTS_UNREADABLE;
  const parts = new Map<number, unknown>([[rootId, root]]);
  const partValue = (id: number): unknown => {
    if (!parts.has(id)) {
      const part = partOf(id);
      parts.set(id, typeof part === "string" ? parsed(part) : part);
    }
    return parts.get(id);
  };
  const walked = new Set<number>([rootId]);
  const stack: Array<{ value: unknown; depth: number }> = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (depth > MAX_DEPTH) return ARGUMENTS_UNREADABLE;
    if (typeof value === "string") {
      if (!value.startsWith("$") || ARGUMENT_MARKS.test(value)) continue;
      const reference = PART_REFERENCE.exec(value);
      if (!reference) return ARGUMENTS_UNREADABLE;
      const [, kind, hexId, path] = reference;
      const id = parseInt(hexId, 16);
      const target = partValue(id);
      if (kind === "B") {
        if (!(target instanceof Blob)) return ARGUMENTS_UNREADABLE;
        continue;
      }
      if (target === undefined || target instanceof Blob) return ARGUMENTS_UNREADABLE;
      if (kind !== "" && path !== "") return ARGUMENTS_UNREADABLE;
      if ((kind === "Q" || kind === "W" || kind === "i") && !Array.isArray(target)) return ARGUMENTS_UNREADABLE;
      if (kind === "Q" && !(target as unknown[]).every((entry) => typeof entry === "object" && entry !== null)) {
        return ARGUMENTS_UNREADABLE;
      }
      if (path !== "" && !pathLeadsSomewhere(target, path.slice(1).split(":"))) return ARGUMENTS_UNREADABLE;
      if (!walked.has(id)) {
        walked.add(id);
        stack.push({ value: target, depth: depth + 1 });
      }
    } else if (Array.isArray(value)) {
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
    } else if (typeof value === "object" && value !== null) {
      for (const item of Object.values(value)) stack.push({ value: item, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Whether a reference's path (`"$0:2:name"`) names something inside a part. The decoder walks it
 * through plain objects and lists by their own keys. It may end on another reference (a FormData
 * passed twice is `"$0:0:form"`, where `"$K1"` stands), but a step through one is not followed here
 * (the encoder never writes one): the reference is a string, so the next step is refused.
 */
function pathLeadsSomewhere(part: unknown, steps: string[]): boolean {
  let here = part;
  for (const step of steps) {
    if (typeof here !== "object" || here === null || !Object.hasOwn(here, step)) return false;
    here = (here as Record<string, unknown>)[step];
  }
  return true;
}

async function formOf(request: Request): Promise<FormData | null> {
  try {
    return await request.clone().formData();
  } catch {
    return null;
  }
}

function parsed(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function hasWholeBoundAction(form: FormData, prefix: string): boolean {
  const root = form.get(`${prefix}0`);
  const action = typeof root === "string" ? parsed(root) : undefined;
  if (typeof action !== "object" || action === null || typeof (action as { id?: unknown }).id !== "string") return false;
  const bound = (action as { bound?: unknown }).bound;
  if (bound === null || bound === undefined) return true;
  const chunk = typeof bound === "string" ? /^\$@([0-9a-f]+)$/.exec(bound) : null;
  if (!chunk) return false;
  const argumentsField = form.get(`${prefix}${parseInt(chunk[1], 16)}`);
  return typeof argumentsField === "string" && argumentsRefusal(argumentsField, partsOfForm(form, prefix), parseInt(chunk[1], 16)) === null;
}
