import { COLOR_NAMES } from "./colors";
import type { AnnotationDto } from "./types";

type ExportInput = {
  document: { title: string; author: string | null };
  annotations: AnnotationDto[];
  replies: AnnotationDto[];
};

/** Notes as a Markdown file: each quote as a blockquote, then the note, tags and replies. */
export function annotationsToMarkdown({ document, annotations, replies }: ExportInput): string {
  const repliesByThread = new Map<string, AnnotationDto[]>();
  for (const reply of replies) repliesByThread.set(reply.parentId!, [...(repliesByThread.get(reply.parentId!) ?? []), reply]);
  const lines = [`# Notes on “${document.title}”`, ""];
  if (document.author) lines.push(`*By ${document.author}*`, "");
  for (const annotation of annotations) {
    const quote = annotation.target?.selector[0].exact ?? "";
    lines.push(...quote.split("\n").filter(Boolean).map((line) => `> ${line}`), "");
    if (annotation.isDeleted) lines.push("*(deleted)*", "");
    else if (annotation.body) lines.push(annotation.body, "");
    const details = [
      `${annotation.author.name}, ${annotation.createdAt.slice(0, 10)}`,
      annotation.color ? COLOR_NAMES[annotation.color] : null,
      annotation.tags.length ? annotation.tags.map((tag) => `#${tag.replace(/\s+/g, "-")}`).join(" ") : null,
      annotation.resolvedAt ? "resolved" : null,
    ].filter(Boolean);
    lines.push(`— ${details.join(" · ")}`, "");
    for (const reply of repliesByThread.get(annotation.id) ?? []) {
      lines.push(`  - **${reply.author.name}**: ${reply.body.replace(/\n+/g, " ")}`);
    }
    if (repliesByThread.has(annotation.id)) lines.push("");
    lines.push("---", "");
  }
  if (annotations.length === 0) lines.push("No annotations yet.", "");
  return lines.join("\n");
}
