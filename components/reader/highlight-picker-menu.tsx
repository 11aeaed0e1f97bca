"use client";
import type { AnnotationStub } from "@/lib/annotations/annotation-stubs";
import type { AnnotationDto } from "@/lib/annotations/types";
import type { Picker } from "./highlight-picker";

type Props = {
  picker: Picker | null;
  byId: ReadonlyMap<string, AnnotationDto>;
  /** A large reading's annotations not loaded yet: named by author and quote until they are. */
  stubsById?: ReadonlyMap<string, AnnotationStub>;
  text?: string;
  viewerId: string;
  onChoose: (id: string) => void;
};

/** "Several annotations cover this text:" — one button per annotation, by author and opening words. */
export function HighlightPicker({ picker, byId, stubsById, text = "", viewerId, onChoose }: Props) {
  if (!picker) return null;
  return (
    <div
      className="highlight-picker"
      role="dialog"
      aria-label="Choose an annotation"
      // Under the clicked highlight, but never past the workspace's edges (a highlight at the end
      // of a line on a phone put most of the picker off the screen).
      style={{ top: picker.top, left: `clamp(0.5rem, ${picker.left}px, 100% - var(--picker-width) - 0.5rem)` }}
    >
      <p className="highlight-picker__title">Several annotations cover this text:</p>
      <ul>
        {picker.ids.map((id) => {
          const annotation = byId.get(id);
          const stub = annotation ? undefined : stubsById?.get(id);
          const author = annotation?.author ?? stub?.author;
          if (!author) return null;
          const words = annotation
            ? textOf(annotation.bodyHtml) || annotation.target?.selector[0].exact || ""
            : text.slice(stub!.start, stub!.end);
          return (
            <li key={id}>
              <button type="button" className="button button--link" onClick={() => onChoose(id)}>
                {author.id === viewerId ? "You" : author.name}: “{words.length > 60 ? `${words.slice(0, 59)}…` : words}”
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** A comment's words as read, not its Markdown ("**emphasis**" showed its asterisks): the picker is drawn only after a click, in the browser. */
function textOf(html: string): string {
  return (new DOMParser().parseFromString(html, "text/html").body.textContent ?? "").replace(/\s+/g, " ").trim();
}
