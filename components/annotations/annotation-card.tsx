"use client";
import { useEffect, useId, useRef, useState } from "react";
import { flushSync } from "react-dom";
import { describeColor, type HighlightColor } from "@/lib/annotations/colors";
import { flaggedMessage, replyModeratorLabel, scopeLabel } from "@/lib/annotations/scopes";
import { isPendingId } from "@/lib/annotations/annotation-state";
import type { AnnotationDto } from "@/lib/annotations/types";
import { lateHandInNotice, type AssignmentDueTime } from "@/lib/assignments/late-hand-in";
import { completeMention, findUnmatchedMentions, type MentionCandidate } from "@/lib/notifications/find-mentions";
import { RUBRIC_LABELS } from "@/lib/review/rubric";
import { MarkdownBody } from "./markdown-body";
import { MentionTextarea } from "./mention-textarea";
import { MentionWarning, withoutWord } from "./mention-warning";
import { RelativeTime } from "./relative-time";
import { keepReplyDraft, replyDraft } from "./reply-drafts";
import type { SaveState } from "./use-annotation-store";
import { TagList } from "./tag-list";

type Props = {
  annotation: AnnotationDto;
  replies: AnnotationDto[] | undefined;
  saveStates: Record<string, SaveState>;
  viewerId: string;
  colorLabels: Partial<Record<HighlightColor, string>>;
  isOpen: boolean;
  onToggle: () => void;
  onEdit: () => void;
  onMove: () => void;
  onDelete: (annotation: AnnotationDto) => void;
  onResolve: (isResolved: boolean) => void;
  /** Who a reply in this thread can mention (its audience). */
  mentionCandidates: readonly MentionCandidate[];
  onReply: (body: string, mentions: string[]) => void;
  /** `editedFrom`: the reply's version (updatedAt) when its editor opened: a save made since elsewhere is a conflict, not overwritten silently. */
  /** `mentions`: members chosen from the @ list while editing (the server tells those newly mentioned). */
  onEditReply: (reply: AnnotationDto, body: string, editedFrom: string, mentions: string[]) => void;
  onRetry: () => void;
  onDiscard: (id: string) => void;
  /** Resolves once the flag is saved; rejects with the message to show. */
  /** Flags this thread or one of its replies; resolves once saved, rejects with the message to show. `done`: what to say then. */
  onFlag: (id: string, reason: string, done: string) => Promise<void>;
  onToggleHelpful: () => void;
  /** Hide or restore this thread (`isReply` false) or one of its replies. */
  onSetHidden: (id: string, isHidden: boolean, isReply: boolean) => void;
  /** Where the card sits in a virtualized list: only a window of cards is mounted, each placed and measured. */
  placement?: CardPlacement;
  /** The reader's open assignments on this reading: a reply rewritten after one's due time is handed in late. */
  dueTimes?: readonly AssignmentDueTime[];
};

export type CardPlacement = { index: number; setSize: number; top: number; measure: (element: HTMLLIElement | null) => void };

/** One annotation in the sidebar; opened, its thread: replies, a reply box and the author's actions. */
export function AnnotationCard(props: Props) {
  const { annotation, replies, saveStates, viewerId, colorLabels, isOpen } = props;
  const id = useId();
  const isMine = annotation.author.id === viewerId;
  // The server counts saved replies; one written here and still on its way (offline, or sending) is
  // in the thread below, so it is counted too, as it will be once saved. One the server refused is not.
  const replyCount =
    annotation.replyCount + (replies ?? []).filter((reply) => isPendingId(reply.id) && !isRefused(saveStates[reply.id])).length;
  const isPending = isPendingId(annotation.id);
  const isRefusedCreate = isPending && isRefused(saveStates[annotation.id]);
  // What the viewer may do here, as the server decided for them (server/authz/).
  const may = annotation.permissions;
  const quote = annotation.target?.selector[0].exact ?? "";

  return (
    <li
      id={`annotation-${annotation.id}`}
      className={`annotation-card${isOpen ? " annotation-card--open" : ""}${annotation.resolvedAt ? " annotation-card--resolved" : ""}`}
      data-annotation-id={annotation.id}
      ref={props.placement?.measure}
      data-index={props.placement?.index}
      aria-posinset={props.placement ? props.placement.index + 1 : undefined}
      aria-setsize={props.placement?.setSize}
      style={
        props.placement
          ? { position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${props.placement.top}px)` }
          : undefined
      }
    >
      <button type="button" className="annotation-card__summary" aria-expanded={isOpen} onClick={props.onToggle}>
        <span className={`annotation-card__color swatch--${annotation.color ?? "yellow"}`} aria-hidden="true" />
        <span className="annotation-card__quote" dir="auto">
          {quote}
        </span>
        <span className="visually-hidden">
          {annotation.color ? `, ${describeColor(annotation.color, colorLabels)}` : ""}, by {isMine ? "you" : annotation.author.name}
        </span>
      </button>
      <div className="annotation-card__meta">
        <span className="annotation-card__author">{isMine ? "You" : annotation.author.name}</span>
        <span aria-hidden="true">·</span>
        <RelativeTime iso={annotation.createdAt} />
        <span className={`visibility-badge visibility-badge--${annotation.visibility}`}>
          <VisibilityIcon visibility={annotation.visibility} /> {scopeLabel(annotation.visibility, annotation.groupName)}
        </span>
        {annotation.resolvedAt && <span className="resolved-badge">Resolved</span>}
        {annotation.isHidden && !isMine && <span className="resolved-badge">Hidden from members</span>}
      </div>
      {annotation.isHidden && isMine && <p className="notice">Hidden by an instructor. Others in the group no longer see it.</p>}
      {/* A new version reworded the passage: the note may be about words that now say something else. */}
      {annotation.anchoring?.quoteWas !== undefined && (
        <p className="annotation-card__reworded">
          The text changed since this was written. It was on: <q dir="auto">{annotation.anchoring.quoteWas}</q>
        </p>
      )}
      {annotation.isDeleted ? (
        <p className="annotation-card__deleted">This annotation was deleted. Its replies are kept.</p>
      ) : (
        annotation.body && <MarkdownBody html={annotation.bodyHtml} />
      )}
      <TagList tags={annotation.tags} />
      <SaveStatus state={saveStates[annotation.id]} onRetry={props.onRetry} onDiscard={() => props.onDiscard(annotation.id)} />
      <ScoreLine score={annotation.score} isMine={isMine} />
      <p className="annotation-card__replies-count">
        {replyCount === 1 ? "1 reply" : `${replyCount} replies`}
        {/* Feedback is counted apart: it is private, from the group's instructors (the staff see all of it). */}
        {annotation.feedbackCount > 0 && (
          <>
            {" "}
            <span aria-hidden="true">·</span>{" "}
            <span className="feedback-count">
              {may.hide
                ? `${annotation.feedbackCount} private feedback`
                : annotation.feedbackCount === 1
                  ? "Feedback from your instructor"
                  : `${annotation.feedbackCount} feedback from your instructors`}
            </span>
          </>
        )}
        {!may.markHelpful && annotation.helpfulCount > 0 && <> · {annotation.helpfulCount} found it helpful</>}
      </p>
      {may.markHelpful && !isPending && !annotation.isDeleted && (
        <button
          type="button"
          className="button button--small button--quiet"
          aria-pressed={annotation.isHelpfulToMe === true}
          onClick={props.onToggleHelpful}
        >
          {/* One text run: a flex button drops the spaces between separate runs ("Helpful·0"). */}
          <span>
            Helpful <span aria-hidden="true">·</span> {annotation.helpfulCount}
            <span className="visually-hidden">{annotation.helpfulCount === 1 ? " reader found" : " readers found"} it helpful</span>
          </span>
        </button>
      )}

      {/* A note still waiting to be saved (offline) takes replies, edits, a move and a delete, which wait
          after it (naming it by its pending id until it is saved); resolving and moderation come once
          it is saved. One the server refused offers only what its save status does (copy, discard). */}
      {isOpen && (
        <div className="thread" aria-label="Thread">
          {/* Outlined, not filled: the thread's main action is its reply, "Send reply" the one filled button.
              One row for the author's and the moderator's actions alike, Delete at its far end: in two
              groups an instructor's own note took three rows in the sidebar's width. */}
          {(may.edit || may.resolve || may.delete || may.flag || may.hide) && !annotation.isDeleted && !isRefusedCreate && (
            <div className="thread__actions">
              {may.edit && (
                <>
                  <button type="button" className="button button--small button--quiet" onClick={props.onEdit}>
                    Edit
                  </button>
                  <button type="button" className="button button--small button--quiet" onClick={props.onMove}>
                    Move highlight
                  </button>
                </>
              )}
              {!isPending && may.resolve && (
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => props.onResolve(!annotation.resolvedAt)}
                >
                  {annotation.resolvedAt ? "Reopen" : "Resolve"}
                </button>
              )}
              {!isPending && may.hide && (
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => props.onSetHidden(annotation.id, !annotation.isHidden, false)}
                >
                  {annotation.isHidden ? "Restore" : "Hide"}
                </button>
              )}
              {!isPending && may.flag && (
                <FlagForm
                  labelId={`${id}-flag`}
                  done={flaggedMessage(annotation.visibility)}
                  onFlag={(reason, done) => props.onFlag(annotation.id, reason, done)}
                />
              )}
              {may.delete && (
                <button type="button" className="button button--small button--danger" onClick={() => props.onDelete(annotation)}>
                  Delete
                </button>
              )}
            </div>
          )}
          {replies === undefined && !isPending ? (
            <p className="thread__loading">Loading replies…</p>
          ) : (
            <ol className="thread__replies" aria-label="Replies">
              {(replies ?? []).map((reply) => (
                <Reply
                  key={reply.id}
                  reply={reply}
                  isMine={reply.author.id === viewerId}
                  saveState={saveStates[reply.id]}
                  replyBoxId={`${id}-reply`}
                  {...props}
                />
              ))}
            </ol>
          )}
          {/* Offered only where the server takes a reply: not under a deleted note, nor to a reader who may only read. */}
          {may.reply && !annotation.isDeleted && (
            <ReplyForm
              viewerId={viewerId}
              threadId={annotation.id}
              labelId={`${id}-reply`}
              candidates={props.mentionCandidates}
              onReply={props.onReply}
              // Under private feedback a reply looks like an answer to it: say who reads it.
              readers={replies?.some((reply) => reply.isFeedback) ? scopeLabel(annotation.visibility, annotation.groupName) : null}
            />
          )}
        </div>
      )}
    </li>
  );
}

function Reply({
  reply,
  isMine,
  saveState,
  onDelete,
  onEditReply,
  onRetry,
  onDiscard,
  onSetHidden,
  onFlag,
  viewerId,
  replyBoxId,
  mentionCandidates,
  dueTimes = [],
}: Props & { reply: AnnotationDto; isMine: boolean; saveState?: SaveState; replyBoxId: string }) {
  const may = reply.permissions;
  const [isEditing, setIsEditing] = useState(false);
  const [draft, setDraft] = useState(reply.body);
  const [chosen, setChosen] = useState<string[]>([]);
  // The version the editor opened on: words that arrive live while the reader types do not move it.
  const [editedFrom, setEditedFrom] = useState(reply.updatedAt);
  const id = useId();
  const editButton = useRef<HTMLButtonElement>(null);
  // Save and Cancel go with the edit box, and "Edit reply" comes back: focus goes to it, not to the page.
  function stopEditing() {
    flushSync(() => setIsEditing(false));
    editButton.current?.focus();
  }
  // Said as the editor opens, as the annotation editor does: fixing a typo now would make on-time work late.
  const lateNotice = isEditing ? lateHandInNotice(reply, dueTimes) : null;
  return (
    <li className={reply.isFeedback ? "reply reply--feedback" : "reply"}>
      {reply.isFeedback && <FeedbackLabel feedbackOn={reply.feedbackOn} viewerId={viewerId} />}
      <div className="annotation-card__meta">
        <span className="annotation-card__author">{isMine ? "You" : reply.author.name}</span>
        <span aria-hidden="true">·</span>
        <RelativeTime iso={reply.createdAt} />
        {reply.isHidden && !isMine && <span className="resolved-badge">Hidden from readers</span>}
      </div>
      {reply.isHidden && isMine && <p className="notice">Hidden by {replyModeratorLabel(reply.visibility)}: others no longer see it.</p>}
      {isEditing ? (
        <form
          method="post"
          // Escape leaves the edit as Cancel does (the @ list closes first on its own Escape), and goes no further: not the sheet, not the thread.
          onKeyDown={(event) => {
            if (event.key === "Escape") {
              event.stopPropagation();
              stopEditing();
            }
          }}
          onSubmit={(event) => {
            event.preventDefault();
            if (!draft.trim()) return;
            onEditReply(
              reply,
              draft,
              editedFrom,
              mentionCandidates.filter((candidate) => chosen.includes(candidate.id)).map((candidate) => candidate.id),
            );
            stopEditing();
          }}
        >
          <label htmlFor={`${id}-edit`} className="visually-hidden">
            Edit reply
          </label>
          {lateNotice && (
            <p id={`${id}-late`} className="annotation-editor__late">
              {lateNotice}
            </p>
          )}
          {/* Opened from "Edit reply", which it replaces: what the reader types next goes here. */}
          {/* The thread's @ list, as in the reply box below. */}
          <MentionTextarea
            id={`${id}-edit`}
            dir="auto"
            rows={3}
            value={draft}
            autoFocus
            aria-describedby={lateNotice ? `${id}-late` : undefined}
            candidates={mentionCandidates}
            onMention={(member) => setChosen((current) => [...current, member.id])}
            onChange={setDraft}
          />
          <div className="thread__actions">
            <button type="submit" className="button button--small">
              Save reply
            </button>
            <button type="button" className="button button--small button--quiet" onClick={stopEditing}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <MarkdownBody html={reply.bodyHtml} />
      )}
      <SaveStatus state={saveState} onRetry={onRetry} onDiscard={() => onDiscard(reply.id)} />
      <ScoreLine score={reply.score} isMine={isMine} />
      {(may.edit || may.delete || may.hide || may.flag) && !isEditing && !reply.id.startsWith("pending-") && (
        <div className="thread__actions">
          {may.edit && (
            <button
              type="button"
              className="button button--link"
              ref={editButton}
              onClick={() => {
                // The words as they are now (a live change may have come since the card was drawn).
                setDraft(reply.body);
                setChosen([]);
                setEditedFrom(reply.updatedAt);
                setIsEditing(true);
              }}
            >
              Edit reply
            </button>
          )}
          {may.delete && (
            <button
              type="button"
              className="button button--link"
              onClick={() => {
                onDelete(reply);
                // The button goes with the reply: the thread's reply box keeps the reader in the thread.
                document.getElementById(replyBoxId)?.focus();
              }}
            >
              Delete reply
            </button>
          )}
          {may.flag && (
            <FlagForm
              labelId={`${id}-flag`}
              done={flaggedMessage(reply.visibility)}
              onFlag={(reason, done) => onFlag(reply.id, reason, done)}
            />
          )}
          {may.hide && (
            <button type="button" className="button button--link" onClick={() => onSetHidden(reply.id, !reply.isHidden, true)}>
              {reply.isHidden ? "Show reply again" : "Hide reply"}
            </button>
          )}
        </div>
      )}
    </li>
  );
}

/** Feedback, told apart from a reply: who it is for, what it is about, and that it is private. */
function FeedbackLabel({ feedbackOn, viewerId }: { feedbackOn: AnnotationDto["feedbackOn"]; viewerId: string }) {
  const isForMe = feedbackOn?.author.id === viewerId;
  const about = feedbackOn?.isReply ? "reply" : "annotation";
  return (
    <p className="feedback-label">
      <strong>{isForMe ? "Feedback from your instructor" : `Private feedback to ${feedbackOn?.author.name ?? "the author"}`}</strong>
      <span className="field__hint">
        {" "}
        on {isForMe ? "your" : "their"} {about} ·{" "}
        {isForMe ? "only you and the group's instructors see it" : "only they and the instructors see it"}
      </span>
    </p>
  );
}

/** A score on the rubric, where the viewer may see it: their own once released, or any in their group for its staff. */
function ScoreLine({ score, isMine }: { score: AnnotationDto["score"]; isMine: boolean }) {
  if (score === null) return null;
  return (
    <p className="score-line">
      {isMine ? "Your score" : "Score"}: <strong>{score}</strong> of 3 · {RUBRIC_LABELS[score]}
    </p>
  );
}

/** "Flag" opens a small form asking why; the group's instructors get the reason. */
function FlagForm({ labelId, done, onFlag }: { labelId: string; done: string; onFlag: (reason: string, done: string) => Promise<void> }) {
  const [isOpen, setIsOpen] = useState(false);
  const [reason, setReason] = useState("");
  const [status, setStatus] = useState<{ isError: boolean; message: string } | null>(null);
  if (!isOpen) {
    return (
      <>
        <button type="button" className="button button--small button--quiet" onClick={() => setIsOpen(true)}>
          Flag
        </button>
        <p role="status">{status && !status.isError && status.message}</p>
      </>
    );
  }
  return (
    <form
      method="post"
      className="reply-form"
      onSubmit={async (event) => {
        event.preventDefault();
        // Send is not disabled while the box is empty (Tab skipped it, unexplained): pressed, it says what it needs.
        if (!reason.trim()) return setStatus({ isError: true, message: "Say why first." });
        try {
          await onFlag(reason.trim(), done);
          setStatus({ isError: false, message: done });
          setReason("");
          setIsOpen(false);
        } catch (caught) {
          setStatus({ isError: true, message: caught instanceof Error ? caught.message : "Not flagged." });
        }
      }}
    >
      <label htmlFor={labelId}>Why are you flagging this?</label>
      <textarea id={labelId} rows={2} maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} />
      <div className="thread__actions">
        <button type="submit" className="button button--small" aria-disabled={!reason.trim()}>
          Send
        </button>
        <button type="button" className="button button--small button--quiet" onClick={() => setIsOpen(false)}>
          Cancel
        </button>
      </div>
      <div role="alert">{status?.isError && <p className="notice notice--error">{status.message}</p>}</div>
    </form>
  );
}

type ReplyFormProps = {
  viewerId: string;
  threadId: string;
  labelId: string;
  candidates: readonly MentionCandidate[];
  onReply: (body: string, mentions: string[]) => void;
  /** Who reads a reply, said under the box when the thread holds feedback (null: not said). */
  readers: string | null;
};

function ReplyForm({ viewerId, threadId, labelId, candidates, onReply, readers }: ReplyFormProps) {
  const [body, setBody] = useState(() => replyDraft(viewerId, threadId));
  useEffect(() => keepReplyDraft(viewerId, threadId, body), [viewerId, threadId, body]);
  const [chosen, setChosen] = useState<string[]>([]);
  // Shown once per set of unmatched "@words": sending again keeps them as plain text.
  const [mentionWarning, setMentionWarning] = useState<readonly string[] | null>(null);
  return (
    <form
      method="post"
      className="reply-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!body.trim()) return;
        const unmatched = findUnmatchedMentions(
          body,
          candidates.map((candidate) => candidate.name),
        );
        if (unmatched.length > 0 && mentionWarning?.join(" ") !== unmatched.join(" ")) return setMentionWarning(unmatched);
        onReply(
          body,
          candidates.filter((candidate) => chosen.includes(candidate.id)).map((candidate) => candidate.id),
        );
        setBody("");
        setChosen([]);
        setMentionWarning(null);
        // Sent with its button, which the emptied box disables: focus would fall to the page. Back
        // in the box, the reader can write the next reply.
        document.getElementById(labelId)?.focus();
      }}
    >
      <label htmlFor={labelId}>Reply</label>
      {readers && (
        <p className="field__hint" id={`${labelId}-readers`}>
          A reply is read by everyone the thread is shared with ({readers}); feedback stays private.
        </p>
      )}
      <MentionTextarea
        id={labelId}
        rows={2}
        value={body}
        candidates={candidates}
        onMention={(member) => setChosen((current) => [...current, member.id])}
        aria-invalid={mentionWarning ? true : undefined}
        aria-describedby={[mentionWarning && `${labelId}-error`, readers && `${labelId}-readers`].filter(Boolean).join(" ") || undefined}
        onChange={(next) => {
          setMentionWarning(null);
          setBody(next);
        }}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
        }}
      />
      <span role="alert">
        {mentionWarning && (
          <MentionWarning
            id={`${labelId}-error`}
            words={mentionWarning}
            candidates={candidates}
            audience="thread"
            submitVerb="Send"
            onComplete={(word, member) => {
              setBody((current) => completeMention(current, word, member.name));
              setChosen((current) => [...current, member.id]);
              setMentionWarning((current) => withoutWord(current, word));
              // The button is gone: the reader goes on in the reply.
              document.getElementById(labelId)?.focus();
            }}
          />
        )}
      </span>
      <button type="submit" className="button button--small" disabled={!body.trim()}>
        Send reply
      </button>
    </form>
  );
}

function SaveStatus({ state, onRetry, onDiscard }: { state: SaveState | undefined; onRetry: () => void; onDiscard: () => void }) {
  if (!state || state.status === "saved") return null;
  if (state.status === "saving")
    return (
      <p className="save-status" role="status">
        Saving…
      </p>
    );
  // Offline, a change waiting on the device is what "Keep offline" promised, not a failure: said calmly, sent when back.
  if (state.isOffline)
    return (
      <div className="save-status save-status--waiting" role="status">
        <p>Kept on this device: it will be sent when you are back online.</p>
        <button type="button" className="button button--small button--quiet" onClick={onRetry}>
          Try now
        </button>
      </div>
    );
  return (
    <div className="save-status save-status--failed" role="alert">
      <p>Not saved{state.isRetrying ? " — retrying. Your text is kept on this device." : `: ${state.message}`}</p>
      {/* Why, when the server said (e.g. over the write rate: when it will be tried again). */}
      {state.isRetrying && state.message ? <p>{state.message}</p> : null}
      {state.isRetrying ? (
        <button type="button" className="button button--small" onClick={onRetry}>
          Retry now
        </button>
      ) : (
        <button type="button" className="button button--small button--quiet" onClick={onDiscard}>
          Discard
        </button>
      )}
    </div>
  );
}

/** Scope shown by shape as well as by words: a padlock for private, a mortarboard for instructors, two people for shared. */
const VISIBILITY_ICON_PATHS: Record<AnnotationDto["visibility"], string> = {
  private: "M4 7V5a4 4 0 1 1 8 0v2h1v8H3V7h1Zm2 0h4V5a2 2 0 1 0-4 0v2Z",
  instructors: "M8 2 0 6l8 4 6-3v4h1.5V6L8 2Zm-4.5 7v3c0 1.1 2 2 4.5 2s4.5-.9 4.5-2V9L8 11.2 3.5 9Z",
  group:
    "M5 7a2 2 0 1 1 0-4 2 2 0 0 1 0 4Zm6 0a2 2 0 1 1 0-4 2 2 0 0 1 0 4ZM8 9a2 2 0 1 1 0-4 2 2 0 0 1 0 4ZM1 13c0-2 1.6-3.5 3.5-3.5.6 0 1.1.1 1.6.4A3.9 3.9 0 0 0 4.6 13H1Zm4.6 1c0-1.9 1.1-3.5 2.4-3.5s2.4 1.6 2.4 3.5H5.6Zm5.8-1a3.9 3.9 0 0 0-1.5-3.1c.5-.3 1-.4 1.6-.4C13.4 9.5 15 11 15 13h-3.6Z",
  everyone:
    "M5.5 8a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5Zm5.5 0a2 2 0 1 1 0-4 2 2 0 0 1 0 4ZM1 14c0-2.5 2-4.5 4.5-4.5S10 11.5 10 14H1Zm10 0c0-1.6-.6-3-1.6-4a3.5 3.5 0 0 1 5.6 2.8V14h-4Z",
};

function VisibilityIcon({ visibility }: { visibility: AnnotationDto["visibility"] }) {
  return (
    <svg className="visibility-icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <path d={VISIBILITY_ICON_PATHS[visibility]} fill="currentColor" />
    </svg>
  );
}

const isRefused = (state: SaveState | undefined) => state?.status === "failed" && !state.isRetrying;
