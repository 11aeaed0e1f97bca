"use client";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { MAX_GROUP_DESCRIPTION_LENGTH, MAX_GROUP_NAME_LENGTH } from "@/lib/groups/limits";
import { errorMessage } from "@/components/api/api-client";
import { groupsApi } from "@/components/api/groups-api";
import { useIsInteractive } from "@/components/common/use-is-interactive";

/** Names a new group; the creator becomes its owner and lands on its page. */
export function CreateGroupForm() {
  const router = useRouter();
  const isInteractive = useIsInteractive();
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setIsPending(true);
    setError(null);
    try {
      const { id } = await groupsApi.create({ name: String(form.get("name") ?? ""), description: String(form.get("description") ?? "") });
      router.push(`/groups/${id}`);
    } catch (caught) {
      setIsPending(false);
      setError(errorMessage(caught));
    }
  }

  return (
    <form method="post" className="form" onSubmit={onSubmit} aria-labelledby="create-group-heading">
      <h2 id="create-group-heading">Create a group</h2>
      <div className="field">
        <label htmlFor="group-name">Name</label>
        <input
          id="group-name"
          name="name"
          dir="auto"
          required
          maxLength={MAX_GROUP_NAME_LENGTH}
          placeholder="e.g. Policy seminar, spring"
        />
      </div>
      <div className="field">
        <label htmlFor="group-description">Description</label>
        <textarea
          id="group-description"
          name="description"
          dir="auto"
          rows={3}
          maxLength={MAX_GROUP_DESCRIPTION_LENGTH}
          aria-describedby="group-description-hint"
        />
        <p id="group-description-hint" className="field__hint">
          Optional. What the group reads, and when.
        </p>
      </div>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
      <div>
        <button type="submit" className="button" disabled={!isInteractive || isPending}>
          {isPending ? "Creating…" : "Create group"}
        </button>
      </div>
    </form>
  );
}
