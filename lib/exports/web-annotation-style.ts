import type { HighlightColor } from "@/lib/annotations/colors";
import type { AnnotationDto } from "@/lib/annotations/types";
import { toAnnotationCollection, toWebAnnotation } from "@/lib/annotations/web-annotation";

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

export type StyledWebAnnotation = Omit<WebAnnotation, "target"> & {
  stylesheet?: { type: "CssStylesheet"; value: string };
  target: WebAnnotation["target"] | (SelectorTarget & { styleClass: HighlightColor });
};

/**
 * `toWebAnnotation` with the highlight's colour. Replies target their thread's IRI and have no
 * colour, and a thread without a target has nothing to paint: those come out as toWebAnnotation writes them.
 */
export function toStyledWebAnnotation(annotation: AnnotationDto, origin: string): StyledWebAnnotation {
  const webAnnotation = toWebAnnotation(annotation, origin);
  const { target } = webAnnotation;
  const { color } = annotation;
  if (!color || typeof target !== "object" || target === null) return webAnnotation;
  return {
    ...webAnnotation,
    stylesheet: { type: "CssStylesheet", value: `.${color} { background-color: ${HIGHLIGHT_CSS_COLORS[color]}; }` },
    target: { ...target, styleClass: color },
  };
}

/** `toAnnotationCollection` (the same envelope, in the same order) of styled annotations. */
export function toStyledAnnotationCollection(annotations: AnnotationDto[], origin: string, id: string, label: string) {
  const collection = toAnnotationCollection([], origin, id, label);
  return {
    ...collection,
    total: annotations.length,
    first: { ...collection.first, items: annotations.map((annotation) => toStyledWebAnnotation(annotation, origin)) },
  };
}
