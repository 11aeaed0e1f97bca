"use client";
import { useId, useSyncExternalStore } from "react";
import { closePopoverWhenFocusLeaves } from "@/components/common/close-popover-when-focus-leaves";
import {
  COMFORT_STORAGE_KEY,
  comfortAttributes,
  DEFAULT_COMFORT,
  LINE_SPACING_NAMES,
  LINE_SPACINGS,
  parseComfort,
  stepTextSize,
  THEME_NAMES,
  THEMES,
  type ReaderComfort,
} from "@/lib/reader/comfort";

const ATTRIBUTES = ["data-text-size", "data-line-spacing", "data-theme"] as const;

/**
 * <html>'s attributes are the one source of truth: the server (signed in) or the boot script
 * (anonymous) put them there before paint, and choosing here changes them.
 */
function subscribe(onChange: () => void) {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributeFilter: [...ATTRIBUTES] });
  return () => observer.disconnect();
}
const snapshot = () => ATTRIBUTES.map((name) => document.documentElement.getAttribute(name) ?? "").join("|");
const serverSnapshot = () => "||";

function parseSnapshot(value: string): ReaderComfort {
  const [textSize, lineSpacing, theme] = value.split("|");
  return parseComfort({
    textSize: textSize || DEFAULT_COMFORT.textSize,
    lineSpacing: lineSpacing || DEFAULT_COMFORT.lineSpacing,
    theme: theme || DEFAULT_COMFORT.theme,
  });
}

function apply(comfort: ReaderComfort) {
  const root = document.documentElement;
  const attributes = comfortAttributes(comfort);
  for (const name of ATTRIBUTES) {
    if (attributes[name]) root.setAttribute(name, attributes[name]);
    else root.removeAttribute(name);
  }
}

type Props = {
  /** Stores the choice for a signed-in reader (a server action); without it, this device keeps it. */
  save?: (comfort: ReaderComfort) => Promise<void>;
};

/** "Text & theme" on the reading page: text size, line spacing and theme, applied at once and remembered. */
export function ReaderComfortMenu({ save }: Props) {
  const id = useId();
  const panelId = `${id}-panel`;
  const comfort = parseSnapshot(useSyncExternalStore(subscribe, snapshot, serverSnapshot));

  function choose(patch: Partial<ReaderComfort>) {
    const next = { ...comfort, ...patch };
    apply(next);
    if (save) return void save(next).catch(() => {});
    try {
      localStorage.setItem(COMFORT_STORAGE_KEY, JSON.stringify(next));
    } catch {
      // Private browsing without storage: the choice holds for this page only.
    }
  }

  const smaller = stepTextSize(comfort.textSize, -1);
  const larger = stepTextSize(comfort.textSize, 1);
  return (
    <div className="comfort">
      <button type="button" className="comfort__toggle" popoverTarget={panelId}>
        <span aria-hidden="true">Aa</span> Text &amp; theme
      </button>
      <div
        id={panelId}
        className="comfort__panel"
        popover="auto"
        role="group"
        aria-label="Text and theme"
        onBlur={closePopoverWhenFocusLeaves}
      >
        <fieldset>
          <legend>Text size</legend>
          <span className="comfort__size">
            <button
              type="button"
              className="button button--quiet"
              disabled={smaller === null}
              onClick={() => smaller && choose({ textSize: smaller })}
            >
              Smaller text
            </button>
            <output aria-live="polite">{comfort.textSize}%</output>
            <button
              type="button"
              className="button button--quiet"
              disabled={larger === null}
              onClick={() => larger && choose({ textSize: larger })}
            >
              Larger text
            </button>
          </span>
        </fieldset>
        <fieldset className="comfort__choices">
          <legend>Line spacing</legend>
          {LINE_SPACINGS.map((spacing) => (
            <label key={spacing} className="comfort__choice">
              <input
                type="radio"
                name={`${id}-spacing`}
                checked={comfort.lineSpacing === spacing}
                onChange={() => choose({ lineSpacing: spacing })}
              />
              {LINE_SPACING_NAMES[spacing]}
            </label>
          ))}
        </fieldset>
        <fieldset className="comfort__choices comfort__choices--pairs">
          <legend>Theme</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="comfort__choice">
              <input type="radio" name={`${id}-theme`} checked={comfort.theme === theme} onChange={() => choose({ theme })} />
              {THEME_NAMES[theme]}
            </label>
          ))}
        </fieldset>
      </div>
    </div>
  );
}
