/**
 * A character that prints something: not whitespace, not a control character (DEL, the C1
 * controls), not a format character (zero-width space and joiners, direction marks, the soft
 * hyphen), not a noncharacter (U+FFFF, U+FDD0…), not one of the "filler" letters fonts draw empty
 * (Hangul fillers, the blank Braille pattern, Mongolian and Khmer vowel carriers).
 */
const VISIBLE = /[^\s\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}\u034F\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0]/u;

/**
 * Whether `text` shows anything. A name, title or tag of only zero-width spaces passed `.trim().min(1)`
 * and showed as a blank link, a blank column heading, a blank notification (an independent check).
 */
export function hasVisibleCharacter(text: string): boolean {
  return VISIBLE.test(text);
}
