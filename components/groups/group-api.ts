/** The outcome of a call to the groups JSON API: the answer, or the server's message to show. */
export type GroupApiResult<T> = { ok: true; data: T } | { ok: false; status: number; message: string };

/** Calls the groups JSON API from the browser with the session cookie; never throws. */
export async function callGroupApi<T>(method: "POST" | "PUT" | "PATCH" | "DELETE", url: string, body?: unknown): Promise<GroupApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body ?? {}),
      cache: "no-store",
    });
  } catch {
    return { ok: false, status: 0, message: "You appear to be offline. Nothing was changed; try again." };
  }
  const data = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) return { ok: false, status: response.status, message: data?.error?.message ?? `The server answered ${response.status}.` };
  return { ok: true, data: data as T };
}
