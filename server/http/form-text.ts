import { AppError } from "@/lib/errors";
import { assertStorableText } from "./respond";

/** The first field of a posted form that no database can store as sent, and what to tell the person. */
export type FormRefusal = { field: string; message: string };

/** A server action's form, read through one place (see `readForm`). */
export type ActionForm = {
  /** Set when a field is refused: the action answers with its form's usual error state and saves nothing. */
  readonly refusal: FormRefusal | null;
  /** A field's text as sent ("" when absent). */
  text(name: string): string;
  /** Whether a checkbox was ticked. */
  checked(name: string): boolean;
};

/**
 * The one place server actions read their form data. Every field (names too, every value, passwords
 * included) gets the JSON API's own check, assertStorableText: U+0000, which PostgreSQL text cannot
 * hold, is refused with the API's message instead of being stored on SQLite and failing as a 500 on
 * PostgreSQL. No browser lets anyone type one: it arrives only in a crafted post. An action checks
 * `refusal` first and answers with its form's error state; server/http/server-actions.test.ts fails
 * if an action in a "use server" file reads a FormData any other way.
 */
export function readForm(form: FormData): ActionForm {
  // Typed FormData, but whatever a crafted post sends arrives (an object, a number, nothing): a
  // refusal the action answers with, not a TypeError answered with a 500.
  if (!(form instanceof FormData)) {
    return {
      refusal: { field: "", message: "This form did not arrive as a form: nothing was saved. Reload the page and try again." },
      text: () => "",
      checked: () => false,
    };
  }
  const refusal = firstRefusal(form);
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" ? value : "";
  };
  return { refusal, text, checked: (name) => form.get(name) === "on" };
}

function firstRefusal(form: FormData): FormRefusal | null {
  for (const [name, value] of form.entries()) {
    try {
      assertStorableText([name, typeof value === "string" ? value : value.name]);
    } catch (error) {
      if (error instanceof AppError) return { field: name, message: error.message };
      throw error;
    }
  }
  return null;
}

/** The same check for a server action's plain string argument: the message, or null when it can be stored. */
export function unstorableTextMessage(value: string): string | null {
  try {
    assertStorableText(value);
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.message;
    throw error;
  }
}
