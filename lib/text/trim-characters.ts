/**
 * `text` without runs of `characters` at either end. A loop, not `/^x+|x+$/`: a regex anchored
 * at the end retries from every position of a long run, which is quadratic on input such as
 * "a" + "-" × n + "a" (50,000 characters took ~3 s), and these run on what readers type.
 */
export function trimCharacters(text: string, characters: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && characters.includes(text[start])) start += 1;
  while (end > start && characters.includes(text[end - 1])) end -= 1;
  return text.slice(start, end);
}
