"use client";
import { describeColor, HIGHLIGHT_COLORS, type HighlightColor } from "@/lib/annotations/colors";

type Props = {
  value: HighlightColor;
  labels: Partial<Record<HighlightColor, string>>;
  onChange: (color: HighlightColor) => void;
  /** A tap or a click on a colour (not the arrow keys, which only move the choice). */
  onPick?: (color: HighlightColor) => void;
  name: string;
  legend?: string;
};

/** The palette as a radio group: arrow keys move between colours, names say what each means. */
export function ColorChoice({ value, labels, onChange, onPick, name, legend = "Colour" }: Props) {
  return (
    <fieldset className="color-choice">
      <legend className="visually-hidden">{legend}</legend>
      {HIGHLIGHT_COLORS.map((color) => (
        <label key={color} className={`color-choice__swatch swatch--${color}`} title={describeColor(color, labels)}>
          <input
            type="radio"
            name={name}
            value={color}
            checked={value === color}
            onChange={() => onChange(color)}
            onPointerUp={onPick && (() => onPick(color))}
            aria-label={describeColor(color, labels)}
          />
        </label>
      ))}
    </fieldset>
  );
}
