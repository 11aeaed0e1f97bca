/**
 * WCAG 2.4.11 (focus not obscured): a popover="auto" closes on Escape (focus back on its toggle) or
 * a click outside, but not when Tab takes focus out of it, and left open it covers what is focused
 * next. Its focusout handler: it closes once focus has gone to an element outside it, other than its
 * own toggle (which it does not cover, and which would open it again). Focus going nowhere (a click
 * on its own text) leaves it open.
 */
export function closePopoverWhenFocusLeaves({
  currentTarget: popover,
  relatedTarget: next,
}: Pick<FocusEvent, "currentTarget" | "relatedTarget">) {
  if (!(popover instanceof HTMLElement) || !(next instanceof Element) || popover.contains(next)) return;
  if (next instanceof HTMLButtonElement && next.popoverTargetElement === popover) return;
  if (popover.matches(":popover-open")) popover.hidePopover();
}
