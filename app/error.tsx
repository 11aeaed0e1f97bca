"use client";
import Link from "next/link";
// A page that failed while it ran, in the app's own frame: the header (and its sync status) stays,
// the reader is told that nothing written is lost (the outbox is on the device), and can try again
// without a reload. Without it, Next replaces the whole document with "This page couldn't load".
export default function PageError({ reset }: { error: Error; reset: () => void }) {
  return (
    <div className="not-found" role="alert">
      <h1>This page stopped working</h1>
      <p>Something on it failed. Notes you saved, and changes waiting to be sent, are kept.</p>
      <p>
        <button type="button" className="button" onClick={reset}>
          Try again
        </button>{" "}
        <Link href="/">Back to the library</Link>
      </p>
    </div>
  );
}
