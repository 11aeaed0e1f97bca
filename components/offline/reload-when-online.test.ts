import { describe, expect, it } from "vitest";
import { pageToLoad } from "./reload-when-online";

const ORIGIN = "https://marginalia.test";
const at = (pathname: string) => ({ origin: ORIGIN, pathname });

describe("pageToLoad", () => {
  it("reloads a page the service worker answered with the offline page", () => {
    expect(pageToLoad(at("/notifications"), "")).toBeNull();
    expect(pageToLoad(at("/read/some-reading"), `${ORIGIN}/`)).toBeNull();
  });

  it.each([
    ["no referrer", "", "/"],
    ["a page of this site", `${ORIGIN}/notes?tag=q#top`, "/notes?tag=q#top"],
    ["another site", "https://elsewhere.test/notes", "/"],
    ["the offline page itself", `${ORIGIN}/offline`, "/"],
  ])("from /offline itself, with %s, goes to %j", (_, referrer, expected) => {
    expect(pageToLoad(at("/offline"), referrer)).toBe(expected);
  });
});
