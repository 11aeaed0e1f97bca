/**
 * Active reading time, as a pure clock the reading page drives with what it observes: a reader
 * counts as reading while the tab is visible and for at most `idleMs` after their last input
 * (scroll, key, pointer, touch). Walking away from a visible tab stops the clock `idleMs` after the
 * last input; hiding the tab stops it at once. Nothing here reads the real clock: every call says
 * when it happened, so the rules are tested with plain numbers.
 */
export const IDLE_CUTOFF_MS = 60_000;
/**
 * How often the reading page sends what it saw, and the slack the server allows a session's first
 * batch. Here rather than beside the zod schemas: the reading page's bundle must not pull in zod.
 */
export const BATCH_INTERVAL_MS = 30_000;

export type ActiveTime = {
  /** Milliseconds counted as active so far. */
  activeMs: number;
  /** The last input, or null before any. */
  lastInputAt: number | null;
  isVisible: boolean;
  /** Everything before this moment has been counted (or found idle). */
  settledAt: number;
};

export function startActiveTime(now: number, isVisible: boolean): ActiveTime {
  // Opening the page is the reader's first input.
  return { activeMs: 0, lastInputAt: now, isVisible, settledAt: now };
}

/** Counts the time since the last settlement up to `now`, as far as it was active. */
export function settle(state: ActiveTime, now: number, idleMs = IDLE_CUTOFF_MS): ActiveTime {
  if (now <= state.settledAt) return state;
  let activeMs = state.activeMs;
  if (state.isVisible && state.lastInputAt !== null) {
    const activeUntil = Math.min(now, state.lastInputAt + idleMs);
    activeMs += Math.max(0, activeUntil - state.settledAt);
  }
  return { ...state, activeMs, settledAt: now };
}

export function recordInput(state: ActiveTime, now: number, idleMs = IDLE_CUTOFF_MS): ActiveTime {
  return { ...settle(state, now, idleMs), lastInputAt: Math.max(now, state.lastInputAt ?? now) };
}

export function recordVisibility(state: ActiveTime, now: number, isVisible: boolean, idleMs = IDLE_CUTOFF_MS): ActiveTime {
  return { ...settle(state, now, idleMs), isVisible };
}

/** Whole seconds counted up to `now`: what the page sends (a running total, so a resent batch changes nothing). */
export function activeSeconds(state: ActiveTime, now: number, idleMs = IDLE_CUTOFF_MS): number {
  return Math.floor(settle(state, now, idleMs).activeMs / 1000);
}
