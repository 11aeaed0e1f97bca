"use client";
import { useId, useMemo } from "react";
import { wordsBetween, wordsCovering } from "@/lib/text/quote-words";

type Props = {
  text: string;
  /** The quote as it stands. */
  start: number;
  end: number;
  /** Where its words can be chosen from: the paragraph(s) it is in. */
  bounds: { start: number; end: number };
  onChange: (start: number, end: number) => void;
};

/**
 * "Words quoted": the first and last word of a new annotation's quote, one slider each. Selecting
 * a phrase needs a mouse, a finger or caret browsing; from the keyboard a paragraph's button
 * quotes the whole paragraph, and these narrow it word by word (arrows, Page Up/Down, Home/End),
 * each step announced as the word it reaches. On a phone they fine-tune a selection made by touch.
 */
export function QuoteWordsPicker({ text, start, end, bounds, onChange }: Props) {
  const id = useId();
  const words = useMemo(() => wordsBetween(text, bounds.start, bounds.end), [text, bounds.start, bounds.end]);
  if (words.length < 2) return null;
  const { first, last } = wordsCovering(words, start, end);
  const valueText = (index: number) => `word ${index + 1} of ${words.length}: ${words[index].word}`;
  return (
    <fieldset className="quote-words">
      <legend>Words quoted</legend>
      <div className="quote-words__row">
        <label htmlFor={`${id}-first`}>First</label>
        <input
          id={`${id}-first`}
          type="range"
          min={0}
          max={words.length - 1}
          value={first}
          aria-valuetext={valueText(first)}
          onChange={(event) => {
            const next = Number(event.target.value);
            onChange(words[next].start, words[Math.max(next, last)].end);
          }}
        />
        <output htmlFor={`${id}-first`}>{words[first].word}</output>
      </div>
      <div className="quote-words__row">
        <label htmlFor={`${id}-last`}>Last</label>
        <input
          id={`${id}-last`}
          type="range"
          min={0}
          max={words.length - 1}
          value={last}
          aria-valuetext={valueText(last)}
          onChange={(event) => {
            const next = Number(event.target.value);
            onChange(words[Math.min(first, next)].start, words[next].end);
          }}
        />
        <output htmlFor={`${id}-last`}>{words[last].word}</output>
      </div>
    </fieldset>
  );
}
