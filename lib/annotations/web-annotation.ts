import { scopeLabel } from "./scopes";
import type { AnnotationDto } from "./types";

/**
 * Our annotations as W3C Web Annotations (JSON-LD, https://www.w3.org/TR/annotation-model/).
 * IRIs are absolute, made from the app's public origin. Comments are TextualBody with purpose
 * "commenting", tags TextualBody with purpose "tagging"; a reply targets its thread's IRI with
 * motivation "replying". The target's source is the reading page, whose article body text is
 * exactly the text our selectors count into. Who may read it is its `audience` (audienceOf).
 */
export const WEB_ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld";
export const WEB_ANNOTATION_MEDIA_TYPE = 'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"';

export function annotationIri(origin: string, id: string): string {
  return `${origin}/api/annotations/${id}`;
}

/**
 * A schema.org Audience, as the model describes who an annotation is meant for
 * (https://www.w3.org/TR/annotation-model/#intended-audience): only `id`, `type` and `schema:`
 * properties. `schema:audienceType` is our scope's name, so a tool can tell them apart;
 * `schema:name` says it to a person.
 */
type Audience = {
  id?: string;
  type: "schema:Audience" | "schema:EducationalAudience";
  "schema:audienceType": "private" | "group" | "instructors" | "everyone" | "feedback recipient";
  "schema:name": string;
  "schema:educationalRole"?: "teacher";
};

/**
 * Who may read an annotation: its author alone, a group (the group's page is its IRI), a group's
 * instructors, or everyone signed in. Feedback is for the person it is on and the instructors.
 * A reply has its thread's scope, so it is said the same way.
 */
export function audienceOf(annotation: AnnotationDto, origin: string): Audience | Audience[] {
  const { visibility, groupId, groupName } = annotation;
  const groupIri = groupId && `${origin}/groups/${encodeURIComponent(groupId)}`;
  const instructors: Audience = {
    ...(groupIri && { id: `${groupIri}#instructors` }),
    type: "schema:EducationalAudience",
    "schema:audienceType": "instructors",
    "schema:name": scopeLabel("instructors", groupName),
    "schema:educationalRole": "teacher",
  };
  if (annotation.isFeedback && annotation.feedbackOn) {
    const { author } = annotation.feedbackOn;
    const recipient: Audience = {
      id: userIri(origin, author.id),
      type: "schema:Audience",
      "schema:audienceType": "feedback recipient",
      "schema:name": author.name,
    };
    return [recipient, instructors];
  }
  if (visibility === "instructors") return instructors;
  if (visibility === "group") {
    return {
      ...(groupIri && { id: groupIri }),
      type: "schema:Audience",
      "schema:audienceType": "group",
      "schema:name": scopeLabel("group", groupName),
    };
  }
  if (visibility === "private") return { type: "schema:Audience", "schema:audienceType": "private", "schema:name": "Only its author" };
  return { type: "schema:Audience", "schema:audienceType": "everyone", "schema:name": "Everyone signed in" };
}

function userIri(origin: string, userId: string): string {
  return `${origin}/users/${userId}`;
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
    creator: { id: userIri(origin, annotation.author.id), type: "Person", name: annotation.author.name },
    created: annotation.createdAt,
    modified: annotation.updatedAt,
    audience: audienceOf(annotation, origin),
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
