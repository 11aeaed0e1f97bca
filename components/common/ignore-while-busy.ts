import type { FormEvent } from "react";

/**
 * For a form whose submit button says it is busy with `aria-disabled` rather than `disabled`: a
 * focused button that becomes disabled drops focus to the page, where a keyboard or screen-reader
 * user loses their place (an independent check found it after Save name, Create token and
 * others). The button stays focusable and is announced as unavailable; this ignores a second press
 * meanwhile, as `disabled` did (a form action's submit is not sent once it is prevented).
 */
export function ignoreWhile(isBusy: boolean) {
  return (event: FormEvent<HTMLFormElement>) => {
    if (isBusy) event.preventDefault();
  };
}
