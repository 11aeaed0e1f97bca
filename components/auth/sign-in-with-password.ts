/**
 * Signs in through next-auth's credentials callback — the same endpoint scripts use — and turns
 * its answers into something a form can say. Kept apart from next-auth/react's signIn() because
 * that helper discards the HTTP status and the Retry-After header that the 429 carries.
 */
export type SignInOutcome =
  { status: "signed-in" } | { status: "wrong-credentials" } | { status: "rate-limited"; retryAfterSeconds: number } | { status: "failed" };

export async function signInWithPassword(email: string, password: string, callbackUrl: string): Promise<SignInOutcome> {
  try {
    const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email, password, callbackUrl, json: "true" }),
    });
    if (response.status === 429) {
      return { status: "rate-limited", retryAfterSeconds: Number(response.headers.get("Retry-After")) || 60 };
    }
    if (response.status === 401) return { status: "wrong-credentials" };
    return response.ok ? { status: "signed-in" } : { status: "failed" };
  } catch {
    return { status: "failed" };
  }
}
