/**
 * A comment as plain text in HTML, escaped: what a card shows for my own words in the moment
 * before the server answers with them rendered from Markdown (`bodyHtml`). Paragraphs split at
 * blank lines, like Markdown's; nothing in the text is ever read as markup.
 */
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function plainTextHtml(text: string): string {
  if (text.trim() === "") return "";
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((paragraph) => `<p>${paragraph.replace(/[&<>"']/g, (character) => ESCAPES[character]).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}
