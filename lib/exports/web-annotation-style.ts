import type { HighlightColor } from "@/lib/annotations/colors";
import type { AnnotationDto } from "@/lib/annotations/types";
import { toAnnotationCollection, toWebAnnotation } from "@/lib/annotations/web-annotation";
import { placeOf, type VersionStamp } from "./document-notes";

/**
 * A highlight's colour in a W3C Web Annotation, the way the model says how a target is shown
 * (https://www.w3.org/TR/annotation-model/#styles): the target, a SpecificResource, names a CSS
 * class in `styleClass`, and the Annotation's `stylesheet` (an embedded CssStylesheet) defines it.
 * The class is the palette's own id ("pink"), so our importer reads the colour back from the class
 * alone (lib/imports/read-web-annotations.ts), and any other tool can paint it from the stylesheet.
 */

/** The palette's colours as app/globals.css paints them (`--hl-<id>`), for tools that apply the stylesheet. */
const HIGHLIGHT_CSS_COLORS: Record<HighlightColor, string> = {
  yellow: "#f2d40c",
  green: "#4cc36b",
  blue: "#4d9cf0",
  pink: "#f06aa8",
  purple: "#a77cf0",
  orange: "#f5953a",
};

type WebAnnotation = ReturnType<typeof toWebAnnotation>;
type SelectorTarget = Exclude<WebAnnotation["target"], string | null>;

/**
 * The model's Time State (https://www.w3.org/TR/annotation-model/#time-state): the target is of
 * its source as it was at `sourceDate`, a copy of which is at `cached`.
 */
type TimeState = { type: "TimeState"; sourceDate: string; cached: string };

export type StyledWebAnnotation = Omit<WebAnnotation, "target"> & {
  stylesheet?: { type: "CssStylesheet"; value: string };
  target: WebAnnotation["target"] | (SelectorTarget & { styleClass?: HighlightColor; state?: TimeState });
};

/**
 * `toWebAnnotation` with the highlight's colour, and for one that needs a new place, where its
 * selectors hold. Replies target their thread's IRI and have no colour, and a thread without a
 * target has nothing to paint: those come out as toWebAnnotation writes them.
 *
 * An annotation that needs a new place has no place on the reading as it is now: its selectors
 * are of the version it was last placed on. Its target says so the model's way, with a TimeState:
 * the reading as it was when that version was made (`sourceDate`), and that version's page
 * (`cached`, `/read/{slug}?version=N`). `versions`: the readings' versions, from the export.
 */
export function toStyledWebAnnotation(annotation: AnnotationDto, origin: string, versions?: readonly VersionStamp[]): StyledWebAnnotation {
  const webAnnotation = toWebAnnotation(annotation, origin);
  const { target } = webAnnotation;
  if (typeof target !== "object" || target === null) return webAnnotation;
  const { color } = annotation;
  const place = placeOf(annotation, versions);
  const lastOn = place?.needsNewPlace ? place.lastOn : null;
  if (!color && !lastOn) return webAnnotation;
  return {
    ...webAnnotation,
    ...(color && { stylesheet: { type: "CssStylesheet", value: `.${color} { background-color: ${HIGHLIGHT_CSS_COLORS[color]}; }` } }),
    target: {
      ...target,
      ...(color && { styleClass: color }),
      ...(lastOn && { state: { type: "TimeState", sourceDate: lastOn.createdAt, cached: `${target.source}?version=${lastOn.number}` } }),
    },
  };
}

/** `toAnnotationCollection` (the same envelope, in the same order) of styled annotations. */
export function toStyledAnnotationCollection(
  annotations: AnnotationDto[],
  origin: string,
  id: string,
  label: string,
  versions?: readonly VersionStamp[],
) {
  const collection = toAnnotationCollection([], origin, id, label);
  return {
    ...collection,
    total: annotations.length,
    first: { ...collection.first, items: annotations.map((annotation) => toStyledWebAnnotation(annotation, origin, versions)) },
  };
}
