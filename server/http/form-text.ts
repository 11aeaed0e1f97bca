/**
 * A form field's text as the server actions read it, without U+0000. PostgreSQL text cannot hold
 * the NUL character, and no browser lets anyone type one: it arrives only in a crafted post, where
 * the JSON API refuses it (assertStorableText). A form's words are kept, the character dropped, so
 * an action never stores what one database takes and the other fails on. (A lone UTF-16 surrogate
 * cannot arrive this way: a form is decoded from UTF-8.) Passwords are read as sent: never stored.
 */
export function formText(form: FormData, name: string): string {
  return String(form.get(name) ?? "").replaceAll("\u0000", "");
}
