/** Languages written right to left when no script is named (their primary subtag, lowercase). */
const RTL_LANGUAGES = new Set(["ar", "he", "iw", "fa", "ur", "ps", "yi", "ji", "dv", "ckb", "sd", "ug"]);

/** Scripts written right to left (ISO 15924, lowercase): Arabic, Hebrew, Thaana, Syriac, N'Ko, Adlam, Hanifi Rohingya. */
const RTL_SCRIPTS = new Set(["arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg"]);

/**
 * Which way text in a language (a BCP 47 tag such as "ar-EG") runs, or undefined when it is not
 * known. A script subtag decides where there is one ("az-Arab" runs right to left, "sd-Deva" left
 * to right); otherwise the language does, whatever its region.
 */
export function textDirection(language: string | null | undefined): "rtl" | "ltr" | undefined {
  const subtags = language?.trim().toLowerCase().split("-").filter(Boolean);
  if (!subtags?.length) return undefined;
  const script = subtags.slice(1).find((subtag) => /^[a-z]{4}$/.test(subtag));
  if (script) return RTL_SCRIPTS.has(script) ? "rtl" : "ltr";
  return RTL_LANGUAGES.has(subtags[0]) ? "rtl" : "ltr";
}

const RIGHT_TO_LEFT_LETTER =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}]/u;

/**
 * Whether a reading's blocks each take the direction of their own first words (`dir="auto"`): when
 * its language is not known, and when it is written left to right but holds right-to-left letters
 * (an Urdu paragraph in an English essay was laid out left to right, its full stop beside its first
 * word; an independent check). A reading written right to left keeps its direction in every block:
 * a paragraph that merely starts with a Latin name must not turn around.
 */
export function blocksTakeTheirOwnDirection(language: string | null | undefined, text: string): boolean {
  const direction = textDirection(language);
  return direction === undefined || (direction === "ltr" && RIGHT_TO_LEFT_LETTER.test(text));
}
