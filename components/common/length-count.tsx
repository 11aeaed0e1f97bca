/** From this share of the limit on, the count shows: below it, a number under every box is noise. */
const NEAR_LIMIT = 0.9;

const count = (value: number) => value.toLocaleString("en");

/**
 * "9,612 of 10,000 characters" under a long text box once what is typed nears the box's limit
 * (its `maxLength`, which stops taking text there: a paste cut short at the limit said nothing).
 * The box names it with aria-describedby={id}, so the count is read with the box; reaching the
 * limit is also said once aloud, since the typing that stops adding anything makes no sound.
 */
export function LengthCount({ id, length, max }: { id: string; length: number; max: number }) {
  const isAtLimit = length >= max;
  return (
    <>
      <p id={id} className="field__hint">
        {length >= max * NEAR_LIMIT
          ? `${count(length)} of ${count(max)} characters${isAtLimit ? ": the limit, nothing more is added." : ""}`
          : null}
      </p>
      <p role="status" className="visually-hidden">
        {isAtLimit ? `At the limit of ${count(max)} characters: nothing more is added.` : ""}
      </p>
    </>
  );
}
