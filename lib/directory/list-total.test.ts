import { describe, expect, it } from "vitest";
import { totalFromShortPage } from "./pagination";

describe("totalFromShortPage", () => {
  it("knows the total from a short offset page, so lookups skip the count", () => {
    expect(totalFromShortPage(0, 0, 100, false)).toBe(0); // a lookup that misses
    expect(totalFromShortPage(0, 1, 100, false)).toBe(1); // a lookup that hits
    expect(totalFromShortPage(200, 37, 100, false)).toBe(237); // the last page
  });

  it("asks for a count when the page cannot tell", () => {
    expect(totalFromShortPage(0, 100, 100, false)).toBeUndefined(); // full page: more may follow
    expect(totalFromShortPage(500, 0, 100, false)).toBeUndefined(); // past the end: the total is below the offset
    expect(totalFromShortPage(0, 3, 100, true)).toBeUndefined(); // cursor page: rows before it are unknown
    expect(totalFromShortPage(0, 0, 0, false)).toBeUndefined(); // count=0 asks only for the total
  });
});
