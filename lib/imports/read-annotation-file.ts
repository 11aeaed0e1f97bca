import { AppError } from "@/lib/errors";
import { asArray, isObject, NO_READ_LIMITS, type JsonObject, type ReadLimits } from "./read-helpers";
import { readHypothesis } from "./read-hypothesis";
import { readWebAnnotations } from "./read-web-annotations";
import type { AnnotationFileFormat, ReadResult } from "./types";

const W3C_TYPES = ["Annotation", "AnnotationCollection", "AnnotationPage"];

export const UNKNOWN_FORMAT_MESSAGE = "This file is neither a W3C Web Annotation file nor a Hypothesis export.";

/**
 * Reads an annotation file of either format we import, telling them apart by their shape: a
 * Hypothesis export has `annotations` and `export_date` (a search response `rows` and `total`),
 * and Hypothesis API annotations have a `uri`, selectors inside `target[]` and an "acct:" user; a
 * W3C file has a JSON-LD `@context` or an Annotation / AnnotationCollection / AnnotationPage type.
 * A file with more annotations than `limits.maxItems` is refused (413) before any is read.
 */
export function readAnnotationFile(json: unknown, limits: ReadLimits = NO_READ_LIMITS): ReadResult & { format: AnnotationFileFormat } {
  const format = detectAnnotationFormat(json);
  if (!format) throw new AppError("BAD_REQUEST", UNKNOWN_FORMAT_MESSAGE);
  const read = format === "hypothesis" ? readHypothesis(json, limits) : readWebAnnotations(json, limits);
  return { format, ...read };
}

export function detectAnnotationFormat(json: unknown): AnnotationFileFormat | null {
  if (Array.isArray(json)) {
    if (json.length === 0) return "w3c"; // nothing to import either way
    if (json.some((item) => isObject(item) && isHypothesisAnnotation(item))) return "hypothesis";
    if (json.every((item) => isObject(item) && isWebAnnotation(item))) return "w3c";
    return null;
  }
  if (!isObject(json)) return null;
  if (Array.isArray(json.annotations) && "export_date" in json) return "hypothesis";
  if (Array.isArray(json.rows) && "total" in json) return "hypothesis";
  if (isHypothesisAnnotation(json)) return "hypothesis";
  if (isWebAnnotation(json)) return "w3c";
  return null;
}

function isHypothesisAnnotation(item: JsonObject): boolean {
  const hasSelectorTargets = Array.isArray(item.target) && item.target.some((target) => isObject(target) && Array.isArray(target.selector));
  const hasHypothesisUser = typeof item.user === "string" && item.user.startsWith("acct:");
  return typeof item.uri === "string" && (hasSelectorTargets || hasHypothesisUser);
}

function isWebAnnotation(item: JsonObject): boolean {
  if ("@context" in item) return true;
  return asArray(item.type ?? item["@type"]).some((type) => typeof type === "string" && W3C_TYPES.includes(type));
}
