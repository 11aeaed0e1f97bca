"use client";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { errorMessage } from "@/components/api/api-client";
import { reviewApi } from "@/components/api/groups-api";
import { LengthCount } from "@/components/common/length-count";
import { useIsInteractive } from "@/components/common/use-is-interactive";
import { MAX_BODY_LENGTH } from "@/lib/annotations/limits";

type Props = {
  annotationId: string;
  authorName: string;
  isReply?: boolean;
  /** Which piece of work, for screen readers (every form on the page has the same visible words). */
  about?: string;
};

/** Private feedback on an annotation or a reply: only its author and the group's staff read it. */
export function FeedbackForm({ annotationId, authorName, isReply = false, about }: Props) {
  const router = useRouter();
  const id = useId();
  const [body, setBody] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [isPending, setIsPending] = useState(false);
  const [sent, setSent] = useState("");
  // Until the page's script runs the fields are disabled: what is typed or chosen while it hydrates would be lost.
  const isInteractive = useIsInteractive();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (isPending) return;
    if (body.trim() === "") return setError("Write some feedback first.");
    setIsPending(true);
    setError(null);
    setSent("");
    try {
      await reviewApi.sendFeedback(annotationId, { body });
    } catch (caught) {
      return setError(errorMessage(caught));
    } finally {
      setIsPending(false);
    }
    setBody("");
    setSent(`Feedback sent to ${authorName}.`);
    router.refresh();
  }

  return (
    <form method="post" className="reply-form" onSubmit={onSubmit}>
      <label htmlFor={id}>
        Feedback to {authorName}
        {isReply ? " on this reply" : ""}
        {about && <span className="visually-hidden"> {about}</span>}
      </label>
      <textarea
        id={id}
        disabled={!isInteractive}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        rows={2}
        maxLength={MAX_BODY_LENGTH}
        aria-describedby={`${id}-count`}
      />
      <LengthCount id={`${id}-count`} length={body.length} max={MAX_BODY_LENGTH} />
      <p className="field__hint">Private: only {authorName} and the group&apos;s instructors see it. It is not a reply.</p>
      {/* Not disabled while sending (aria-disabled, a second press is ignored): a disabled button let
          focus fall to the page, and nothing said the feedback had gone (an independent check). */}
      <button type="submit" className="button button--small" disabled={!isInteractive} aria-disabled={isPending || undefined}>
        {isPending ? "Sending…" : "Send feedback"}
        {about && <span className="visually-hidden"> {about}</span>}
      </button>
      <p role="status" className="field__hint">
        {sent}
      </p>
      <div role="alert">{error && <p className="notice notice--error">{error}</p>}</div>
    </form>
  );
}
