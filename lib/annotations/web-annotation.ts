import type { AnnotationDto } from "./types";

/**
 * Our annotations as W3C Web Annotations (JSON-LD, https://www.w3.org/TR/annotation-model/).
 * IRIs are absolute, made from the app's public origin. Comments are TextualBody with purpose
 * "commenting", tags TextualBody with purpose "tagging"; a reply targets its thread's IRI with
 * motivation "replying". The target's source is the reading page, whose article body text is
 * exactly the text our selectors count into.
 */
export const WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
export const WEB_ANNOTATION_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

export function annotationIri(origin: string, id: string): string {
  return `${origin}/api/annotations/${id}`;
}

type TextualBody = { type: "TextualBody"; value: string; format: string; purpose: "commenting" | "tagging" | "replying" };

export function toWebAnnotation(annotation: AnnotationDto, origin: string) {
  const bodies: TextualBody[] = [];
  if (annotation.body) {
    bodies.push({
      type: "TextualBody",
      value: annotation.body,
      format: "text/markdown",
      purpose: annotation.parentId ? "replying" : "commenting",
    });
  }
  for (const tag of annotation.tags) bodies.push({ type: "TextualBody", value: tag, format: "text/plain", purpose: "tagging" });

  const motivation = annotation.parentId ? "replying" : annotation.body ? "commenting" : "highlighting";
  const target = annotation.parentId
    ? annotationIri(origin, annotation.parentId)
    : annotation.target && { source: `${origin}${annotation.target.source}`, selector: annotation.target.selector };

  return {
    "@context": WEB_ANNOTATION_CONTEXT,
    id: annotationIri(origin, annotation.id),
    type: "Annotation",
    motivation,
    creator: { id: `${origin}/users/${annotation.author.id}`, type: "Person", name: annotation.author.name },
    created: annotation.createdAt,
    modified: annotation.updatedAt,
    ...(bodies.length > 0 && { body: bodies.length === 1 ? bodies[0] : bodies }),
    target,
  };
}

/** Several annotations as one W3C AnnotationCollection with a single embedded page. */
export function toAnnotationCollection(annotations: AnnotationDto[], origin: string, id: string, label: string) {
  return {
    "@context": WEB_ANNOTATION_CONTEXT,
    id,
    type: "AnnotationCollection",
    label,
    total: annotations.length,
    first: {
      id: `${id}#page1`,
      type: "AnnotationPage",
      startIndex: 0,
      items: annotations.map((annotation) => toWebAnnotation(annotation, origin)),
    },
  };
}
