/**
 * A reading's slug from its page's address. Next.js hands a page its dynamic segment as the
 * address carried it, percent-encoded ("/read/%D0%B2%D0%BE…"), while route handlers get it
 * decoded; slugs keep a title's letters in any script, so pages decode it here. Decoding is a
 * no-op for a slug already decoded (a slug holds no "%"); a malformed escape is left as it came,
 * and is then simply no reading's slug.
 */
export function slugFromParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
