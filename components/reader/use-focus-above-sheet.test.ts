import { describe, expect, it } from "vitest";
import { scrollAboveSheet, scrollIntoRoomAboveSheet } from "./use-focus-above-sheet";

// A 390 × 844 phone whose closed sheet starts at 792 px, and an open one at 300 px.
const CLOSED = 792;
const OPEN = 300;

describe("scrollAboveSheet", () => {
  it("leaves an element that is clear of the sheet where it is", () => {
    expect(scrollAboveSheet({ top: 600, bottom: 640 }, CLOSED)).toBe(0);
    expect(scrollAboveSheet({ top: 100, bottom: 284 }, OPEN)).toBe(0);
  });

  it("scrolls an element under the sheet up until it sits 16 px above it", () => {
    expect(scrollAboveSheet({ top: 780, bottom: 820 }, CLOSED)).toBe(820 + 16 - CLOSED);
    expect(scrollAboveSheet({ top: 500, bottom: 540 }, OPEN)).toBe(540 + 16 - OPEN);
  });

  it("leaves a region taller than the room above the sheet alone while it shows there (a tap in the text focuses the page's main region)", () => {
    // The whole reading: it starts under the header and ends thousands of pixels below.
    expect(scrollAboveSheet({ top: 60, bottom: 6100 }, CLOSED)).toBe(0);
    expect(scrollAboveSheet({ top: -2400, bottom: 3700 }, CLOSED)).toBe(0);
    expect(scrollAboveSheet({ top: -2400, bottom: 3700 }, OPEN)).toBe(0);
  });

  it("brings a tall element hidden under the sheet up by its top, never past it", () => {
    expect(scrollAboveSheet({ top: 820, bottom: 2000 }, CLOSED)).toBe(820 - 16);
    expect(scrollAboveSheet({ top: 310, bottom: 900 }, OPEN)).toBe(310 - 16);
  });
});

describe("scrollIntoRoomAboveSheet", () => {
  // With the sheet open at 300 px, the room for the text is 16–284 px: its middle is at 150.
  it("leaves a highlight that shows above the sheet where it is", () => {
    expect(scrollIntoRoomAboveSheet({ top: 16, bottom: 40 }, OPEN)).toBe(0);
    expect(scrollIntoRoomAboveSheet({ top: 250, bottom: 284 }, OPEN)).toBe(0);
  });

  it("brings a highlight under the sheet, or above the screen, to the middle of the room", () => {
    expect(scrollIntoRoomAboveSheet({ top: 600, bottom: 624 }, OPEN)).toBe(612 - 150);
    expect(scrollIntoRoomAboveSheet({ top: 270, bottom: 294 }, OPEN)).toBe(282 - 150);
    expect(scrollIntoRoomAboveSheet({ top: -900, bottom: -876 }, OPEN)).toBe(-888 - 150);
  });

  it("puts a highlight taller than the room at its top", () => {
    expect(scrollIntoRoomAboveSheet({ top: 500, bottom: 900 }, OPEN)).toBe(500 - 16);
    expect(scrollIntoRoomAboveSheet({ top: -700, bottom: 200 }, OPEN)).toBe(-700 - 16);
  });
});
