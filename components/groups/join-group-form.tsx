"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { JoinResult } from "@/lib/groups/schemas";
import { callGroupApi } from "./group-api";

/** Joins a group as a member with the code its owner or instructor handed out. */
export function JoinGroupForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setIsPending(true);
    setError(null);
    const result = await callGroupApi<JoinResult>("POST", "/api/groups/join", { code: String(new FormData(event.currentTarget).get("code") ?? "") });
    if (!result.ok) {
      setIsPending(false);
      setError(result.message);
      return;
    }
    router.push(`/groups/${result.data.groupId}`);
  }

  return (
    <form className="form" onSubmit={onSubmit} aria-labelledby="join-group-heading">
      <h2 id="join-group-heading">Join with a code</h2>
      <div className="field">
        <label htmlFor="join-code">Join code</label>
        <input
          id="join-code"
          name="code"
          required
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={32}
          aria-describedby="join-code-hint"
          aria-invalid={error ? true : undefined}
        />
        <p id="join-code-hint" className="field__hint">8 letters and digits, from your instructor. Upper or lower case both work.</p>
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
      <div>
        <button type="submit" className="button" disabled={isPending}>
          {isPending ? "Joining…" : "Join group"}
        </button>
      </div>
    </form>
  );
}
