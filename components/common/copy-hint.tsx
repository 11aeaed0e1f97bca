import type { ReactNode } from "react";
import type { CopyStatus } from "./use-copy-to-clipboard";

/**
 * The hint under a value to copy, with what copying did. Only that part is a live region: the hint
 * itself is read with the field (aria-describedby), not announced when the page or the panel shows
 * it — a whole-hint live region was spoken on every page load.
 */
export function CopyHint({ id, status, what, children }: { id: string; status: CopyStatus; what: string; children: ReactNode }) {
  return (
    <p id={id} className="field__hint">
      <span aria-live="polite">
        {status === "copied" && "Copied. "}
        {status === "failed" && `Your browser did not allow copying: ${what} is selected, press Ctrl+C (⌘C on a Mac). `}
      </span>
      {children}
    </p>
  );
}
