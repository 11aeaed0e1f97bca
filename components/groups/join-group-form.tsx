"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";

/** Joins a group as a member with the code its owner or instructor handed out. */
export function JoinGroupForm() {
  const router = useRouter();
  const isInteractive = useIsInteractive();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    setIsPending(true);
    setError(null);
    try {
      const { groupId, wasAlreadyMember } = await groupsApi.joinByCode({
        code: String(new FormData(event.currentTarget).get("code") ?? ""),
      });
      // The group page says "You joined …" (or that you were in it already) and leads to what it is reading.
      router.push(`/groups/${groupId}?joined=${wasAlreadyMember ? "already" : "new"}`);
    } catch (caught) {
      setIsPending(false);
      setError(errorMessage(caught));
    }
  }

  return (
    <form method="post" className="form" onSubmit={onSubmit} aria-labelledby="join-group-heading">
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
          aria-describedby={error ? "join-code-hint join-code-error" : "join-code-hint"}
          aria-invalid={error ? true : undefined}
        />
        <p id="join-code-hint" className="field__hint">
          8 letters and digits, from your instructor. Upper or lower case both work.
        </p>
      </div>
      <div role="alert">
        {error && (
          <p id="join-code-error" className="notice notice--error">
            {error}
          </p>
        )}
      </div>
      <div>
        {/* aria-disabled while joining, not disabled: a wrong code leaves focus here, not on the page. */}
        <button type="submit" className="button" disabled={!isInteractive} aria-disabled={isPending || undefined}>
          {isPending ? "Joining…" : "Join group"}
        </button>
      </div>
    </form>
  );
}
