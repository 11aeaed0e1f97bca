import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LengthCount } from "./length-count";

const said = (length: number) => renderToStaticMarkup(<LengthCount id="count" length={length} max={10_000} />);

describe("LengthCount", () => {
  it("says nothing well below the limit", () => {
    expect(said(0)).toBe('<p id="count" class="field__hint"></p><p role="status" class="visually-hidden"></p>');
    expect(said(8_999)).not.toContain("characters");
  });

  it("counts near the limit", () => {
    expect(said(9_000)).toContain(">9,000 of 10,000 characters</p>");
    expect(said(9_612)).toContain(">9,612 of 10,000 characters</p>");
    expect(said(9_612)).toContain('<p role="status" class="visually-hidden"></p>');
  });

  it("says at the limit that nothing more is added, aloud too", () => {
    expect(said(10_000)).toContain(">10,000 of 10,000 characters: the limit, nothing more is added.</p>");
    expect(said(10_000)).toContain(
      '<p role="status" class="visually-hidden">At the limit of 10,000 characters: nothing more is added.</p>',
    );
  });
});
