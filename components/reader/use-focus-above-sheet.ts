"use client";
import { useEffect } from "react";

/** Space kept between a focused element and the sheet's top edge. */
const MARGIN = 16;

/**
 * WCAG 2.4.11 (focus not obscured): on phones the annotation list is a sheet fixed to the bottom
 * of the screen. When something in the page behind it takes focus (Tab, a link from a card), the
 * page scrolls so the focused element sits above the sheet, whatever the sheet's height is now;
 * CSS scroll-padding covers the closed sheet, this covers an open one. It checks after the
 * browser's own scroll-into-view, which runs after the focus event.
 */
export function useFocusAboveSheet(container: HTMLElement | null) {
  useEffect(() => {
    if (!container) return;
    let frame = 0;
    const onFocusIn = (event: FocusEvent) => {
      const target = event.target;
      const sheet = container.querySelector<HTMLElement>(":scope > .sidebar");
      // The undo toast is fixed above the sheet: scrolling the page would not move it, only the reading.
      if (!(target instanceof HTMLElement) || !sheet || sheet.contains(target) || target.closest(".undo-toast")) return;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => {
        void whenSheetAtRest(sheet).then((sheetTop) => {
          if (sheetTop === null || document.activeElement !== target) return;
          const scrollBy = scrollAboveSheet(target.getBoundingClientRect(), sheetTop);
          if (scrollBy !== 0) window.scrollBy({ top: scrollBy, behavior: "instant" });
        });
      });
    };
    document.addEventListener("focusin", onFocusIn);
    return () => {
      document.removeEventListener("focusin", onFocusIn);
      cancelAnimationFrame(frame);
    };
  }, [container]);
}

/**
 * How far to scroll the page so a focused element is not hidden by the sheet: 0 when it is clear
 * of it, or when it is taller than the room above the sheet and already shows there (the page's
 * main region takes focus when the text is tapped: scrolling its bottom above the sheet jumped to
 * the end of the reading). Never so far that the element's top leaves the screen.
 */
export function scrollAboveSheet(element: { top: number; bottom: number }, sheetTop: number): number {
  if (element.bottom + MARGIN <= sheetTop) return 0;
  const isTallerThanRoom = element.bottom - element.top + 2 * MARGIN > sheetTop;
  const showsAboveSheet = element.top < sheetTop && element.bottom > 0;
  if (isTallerThanRoom && showsAboveSheet) return 0;
  return Math.min(element.bottom + MARGIN - sheetTop, element.top - MARGIN);
}

/**
 * The top of the sheet once it has come to rest (it may still be opening: a height transition),
 * or null where the list is no sheet (a wide screen: a column beside the text). Call a frame after
 * the change that opens it, so its transition has started.
 */
export async function whenSheetAtRest(sheet: HTMLElement): Promise<number | null> {
  if (getComputedStyle(sheet).position !== "fixed") return null;
  await Promise.all(sheet.getAnimations().map((animation) => animation.finished.catch(() => undefined)));
  return sheet.getBoundingClientRect().top;
}

/**
 * How far to scroll the page so an element shows between the top of the screen and the sheet: 0
 * when it already does; else it comes to the middle of that room (its top, when taller than it).
 */
export function scrollIntoRoomAboveSheet(element: { top: number; bottom: number }, sheetTop: number): number {
  const room = { top: MARGIN, bottom: sheetTop - MARGIN };
  if (element.top >= room.top && element.bottom <= room.bottom) return 0;
  if (element.bottom - element.top > room.bottom - room.top) return element.top - room.top;
  return (element.top + element.bottom) / 2 - (room.top + room.bottom) / 2;
}
