/**
 * Converts between DOM positions and offsets into a root element's `textContent`. The article body
 * renders the canonical text exactly (paragraph separators are text nodes between paragraphs), so
 * these offsets are the ones the text selectors store.
 *
 * The DOM is only reached through the nodes passed in, never through globals, so this module can
 * be imported on the server; it is only called in the browser.
 */

import type { TextRange } from "./text-quote";

// Constants of the DOM standard, spelled out so that nothing depends on a global `Node` or
// `NodeFilter` being defined where the module is loaded.
const TEXT_NODE = 3;
const DOCUMENT_NODE = 9;
const SHOW_TEXT = 4;

function documentOf(root: Node): Document {
  return root.nodeType === DOCUMENT_NODE ? (root as Document) : root.ownerDocument!;
}

/** The text nodes under `root`, in document order. */
function* textNodesUnder(root: Node): Generator<Text> {
  const walker = documentOf(root).createTreeWalker(root, SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) yield node as Text;
}

/**
 * The offset into `root.textContent` of a DOM boundary point, as found in a Range: `node` is a Text
 * node with a code-unit offset, or any other node with a child index (the point just before that
 * child).
 */
export function textOffsetOf(root: Node, node: Node, offset: number): number {
  if (!root.contains(node)) throw new RangeError("The boundary point is not inside the root.");

  // For an element boundary, a text node counts if it starts before the point. Text nodes have
  // no children, so one never straddles such a point.
  const point = documentOf(root).createRange();
  point.setStart(node, offset);
  let total = 0;
  for (const text of textNodesUnder(root)) {
    if (text === node) return total + offset;
    if (node.nodeType !== TEXT_NODE && point.comparePoint(text, 0) >= 0) return total;
    total += text.length;
  }
  return total;
}

/**
 * The text offsets a DOM Range covers within `root`, clipped to it when the range reaches outside
 * (a selection dragged past the article). Null when the range and the root do not meet.
 */
export function rangeToTextOffsets(root: Node, range: Range): TextRange | null {
  // Nodes in another tree (detached, or another document) cannot be compared with the root.
  const treeRoot = root.getRootNode();
  if (range.startContainer.getRootNode() !== treeRoot || range.endContainer.getRootNode() !== treeRoot) return null;

  const rootContents = documentOf(root).createRange();
  rootContents.selectNodeContents(root);
  // -1: before the root's contents, 0: inside them, 1: after them.
  const startSide = rootContents.comparePoint(range.startContainer, range.startOffset);
  const endSide = rootContents.comparePoint(range.endContainer, range.endOffset);
  if (startSide > 0 || endSide < 0) return null;

  return {
    start: startSide < 0 ? 0 : textOffsetOf(root, range.startContainer, range.startOffset),
    end: endSide > 0 ? textLengthOf(root) : textOffsetOf(root, range.endContainer, range.endOffset),
  };
}

function textLengthOf(root: Node): number {
  let total = 0;
  for (const text of textNodesUnder(root)) total += text.length;
  return total;
}

/**
 * A DOM Range over [start, end) of `root.textContent`. An offset on the boundary between two text
 * nodes puts the start at the beginning of the next node and the end at the end of the previous
 * one, so the range never reaches into a node it holds no text of (such as an empty highlight
 * wrapper or the separator between paragraphs).
 */
export function textOffsetsToRange(root: Node, start: number, end: number): Range {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || start > end) {
    throw new RangeError(`Cannot make a DOM range from the text offsets ${start}–${end}.`);
  }

  const range = documentOf(root).createRange();
  let startPoint: [Text, number] | null = null;
  let endPoint: [Text, number] | null = null;
  let total = 0;
  for (const text of textNodesUnder(root)) {
    const textEnd = total + text.length;
    // Strict for the start (a boundary goes to the next node), inclusive for the end (to the
    // previous one). Since start <= end, the start has been placed by the time the end is.
    if (!startPoint && start < textEnd) startPoint = [text, start - total];
    if (end <= textEnd) {
      endPoint = [text, end - total];
      break;
    }
    total = textEnd;
  }

  if (!endPoint) {
    if (end > total) throw new RangeError(`The text offset ${end} is past the end of the text (length ${total}).`);
    // Only a root without any text node gets here, and 0–0 is the one range it has.
    range.setStart(root, 0);
    range.setEnd(root, 0);
    return range;
  }
  // No start point yet means a collapsed range on a boundary: it sits where the end does.
  range.setStart(...(startPoint ?? endPoint));
  range.setEnd(...endPoint);
  return range;
}
