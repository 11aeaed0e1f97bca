import { MarkdownBody } from "@/components/annotations/markdown-body";
import { FeedbackForm } from "@/components/review/feedback-form";
import { ScoreSelect } from "@/components/review/score-select";
import type { ReviewAnnotation, ReviewReply } from "@/lib/review/types";
import { TagList } from "@/components/annotations/tag-list";

/** The two group scopes, as the review page tags a thread. */
const REVIEW_SCOPE_LABELS = { group: "Group", instructors: "Instructors only" } as const;

type Props = {
  annotation: ReviewAnnotation;
  /** Whose work is graded here (the group's students): only theirs gets a score and feedback. */
  studentIds: ReadonlySet<string>;
  /** When the page shows one student: their annotation or replies are marked as theirs. */
  focusId: string | null;
};

/**
 * One thread on the review page: the annotation, then each reply with the thread it answers, and
 * for each piece of a student's work its own score and private feedback (given and to give).
 */
export function ReviewThread({ annotation, studentIds, focusId }: Props) {
  const feedback = annotation.replies.filter((reply) => reply.isFeedback);
  const replies = annotation.replies.filter((reply) => !reply.isFeedback);
  const feedbackOn = (id: string) => feedback.filter((item) => item.feedbackOnId === id);
  return (
    <li className="annotation-card review-thread">
      <p className="annotation-card__meta">
        <strong className="annotation-card__author">{annotation.author.name}</strong>{" "}
        <span className="tag">{REVIEW_SCOPE_LABELS[annotation.visibility]}</span>
        {annotation.isHidden && <span className="tag"> Hidden</span>}
        {annotation.isDeleted && <span className="tag"> Deleted by its author</span>}
      </p>
      {annotation.quote && (
        // Whole, not in the editor's scroll box: the passage is what is being graded.
        <blockquote className="annotation-quote annotation-quote--whole" dir="auto">
          {annotation.quote}
        </blockquote>
      )}
      {annotation.body && <MarkdownBody html={annotation.bodyHtml} />}
      <TagList tags={annotation.tags} />
      {/* A deleted annotation is no longer work to assess; the replies it kept still are. */}
      {studentIds.has(annotation.author.id) && !annotation.isDeleted && (
        <Assessment
          id={annotation.id}
          authorName={annotation.author.name}
          score={annotation.score}
          feedback={feedbackOn(annotation.id)}
          about={annotation.quote ? `on “${shortened(annotation.quote)}”` : undefined}
        />
      )}
      {replies.length > 0 && (
        <ol className="thread__replies" aria-label={`Replies to ${annotation.author.name}'s annotation`}>
          {replies.map((reply) => (
            <li
              key={reply.id}
              className={`review-reply${reply.author.id === focusId ? " review-reply--focus" : ""}`}
              aria-label={`${reply.author.name}'s reply`}
            >
              <p className="review-reply__context">
                <strong>{reply.author.name}</strong> replied to {annotation.author.name}&rsquo;s annotation
                {reply.isHidden && <span className="tag"> Hidden</span>}
              </p>
              <MarkdownBody html={reply.bodyHtml} />
              {studentIds.has(reply.author.id) && (
                <Assessment
                  id={reply.id}
                  authorName={reply.author.name}
                  score={reply.score}
                  feedback={feedbackOn(reply.id)}
                  about={`“${shortened(reply.body)}”`}
                  isReply
                />
              )}
            </li>
          ))}
        </ol>
      )}
    </li>
  );
}

/** The first words of a passage or a reply, to tell one score or feedback form from the next by ear. */
function shortened(words: string): string {
  const line = words.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 60).trimEnd()}…` : line;
}

function Assessment(props: {
  id: string;
  authorName: string;
  score: ReviewReply["score"];
  feedback: ReviewReply[];
  about?: string;
  isReply?: boolean;
}) {
  const { id, authorName, score, feedback, about, isReply = false } = props;
  return (
    <div className="review-assessment">
      <ScoreSelect annotationId={id} points={score} label={`Score for ${authorName}'s ${isReply ? "reply" : "annotation"}`} about={about} />
      {feedback.length > 0 && (
        <ol className="review-feedback" aria-label={`Feedback to ${authorName}`}>
          {feedback.map((item) => (
            <li key={item.id} className="review-list__feedback">
              <span className="tag">Private feedback</span> <strong>{item.author.name}</strong>
              <MarkdownBody html={item.bodyHtml} />
            </li>
          ))}
        </ol>
      )}
      <FeedbackForm annotationId={id} authorName={authorName} isReply={isReply} about={about} />
    </div>
  );
}
