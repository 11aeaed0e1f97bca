"use client";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { closePopoverWhenFocusLeaves } from "@/components/common/close-popover-when-focus-leaves";

/**
 * The phone header's "Menu" button. The list it opens is a native popover (popovertarget), so it
 * opens before hydration and without JavaScript, closes on Escape or a tap outside, and Tab moves
 * from the button into it; this component mirrors its state in aria-expanded, closes it after a
 * client-side navigation (the header stays mounted across pages) and when Tab leaves it.
 */
export function SiteMenuButton({ menuId }: { menuId: string }) {
  const [isOpen, setIsOpen] = useState(false);
  const pathname = usePathname();

  useEffect(() => {
    const menu = document.getElementById(menuId);
    if (!menu) return;
    const sync = (event: Event) => setIsOpen((event as ToggleEvent).newState === "open");
    menu.addEventListener("toggle", sync);
    menu.addEventListener("focusout", closePopoverWhenFocusLeaves);
    return () => {
      menu.removeEventListener("toggle", sync);
      menu.removeEventListener("focusout", closePopoverWhenFocusLeaves);
    };
  }, [menuId]);

  useEffect(() => {
    const menu = document.getElementById(menuId);
    if (menu?.matches(":popover-open")) menu.hidePopover();
  }, [menuId, pathname]);

  return (
    <button type="button" className="site-menu-button" popoverTarget={menuId} aria-expanded={isOpen} aria-controls={menuId}>
      <svg className="site-menu-button__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" focusable="false">
        <path d="M3 5h14M3 10h14M3 15h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      Menu
    </button>
  );
}
