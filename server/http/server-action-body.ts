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
 * What is inside the arguments is the action's own business (readForm, server/http/form-text.ts).
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
      return typeof root === "string" && isJsonArray(root) ? null : ARGUMENTS_NOT_A_LIST;
    }
    return isJsonArray(await request.clone().text()) ? null : ARGUMENTS_NOT_A_LIST;
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

function isJsonArray(text: string): boolean {
  return Array.isArray(parsed(text));
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
  return typeof argumentsField === "string" && isJsonArray(argumentsField);
}
