import { annotationIri } from "@/lib/annotations/web-annotation";

/** "/api/annotations/": what our W3C export's ids end with, before the annotation's own id. */
const IRI_PATH = annotationIri("", "");

/**
 * Which of our annotations an imported item may be, going by its id in the file: our Hypothesis
 * export writes the annotation's id as it is, our JSON-LD export its IRI
 * (`<origin>/api/annotations/<id>`, the origin being whatever the exporting server was called).
 * Only a candidate: the importer trusts it once the database has that annotation, by the viewer,
 * on the same document — an id from another tool that merely looks like this never matches one.
 */
export function exportedAnnotationId(sourceId: string): string {
  const at = sourceId.lastIndexOf(IRI_PATH);
  if (at === -1) return sourceId;
  const id = sourceId.slice(at + IRI_PATH.length);
  return id !== "" && !/[/?#]/.test(id) ? id : sourceId;
}
