/**
 * How many words (runs of non-space) `text` holds. Counted by matching, not by splitting: a split
 * makes a string per word, and for a book-length reading (19 MB, four million words) that took
 * 1.7 s on the server's thread where this takes 0.14 s.
 */
export function countWords(text: string): number {
  let count = 0;
  const word = /\S+/g;
  while (word.exec(text)) count++;
  return count;
}
