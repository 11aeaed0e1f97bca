/**
 * A title or a name as one line of plain text. Line breaks and tabs (an API client's
 * `"Line1\nLine2"`, a PDF's metadata) become spaces; control characters (BEL, ESC) and the bidi
 * embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are dropped: an
 * independent check stored a title holding U+202E, which drew the rest of it reversed wherever it
 * was listed (a spoof, e.g. "txt.exe" shown as "exe.txt"). The direction marks U+200E and U+200F
 * stay: they change no letter's order, only where neutral signs sit.
 */
const CONTROLS = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/g;
const DIRECTION_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/**
 * A name, a tag or a description without the bidi embedding, override and isolate controls (as
 * above): in a group's name U+202E drew the rest of it, and of the line it was listed in, reversed.
 */
export function withoutDirectionControls(text: string): string {
  return text.replace(DIRECTION_CONTROLS, "");
}

export function asOneLineLabel(text: string): string {
  return withoutDirectionControls(text)
    .replace(CONTROLS, "")
    .replace(/[\s\u2028\u2029]+/g, " ")
    .trim();
}
