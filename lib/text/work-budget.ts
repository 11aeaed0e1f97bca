/**
 * A bound on how much comparing one task may do, counted in steps of the bit-parallel edit
 * distance (./edit-distance.ts: 32 code units of one string against one of the other), about
 * 170 million a second on the machines this runs on. Work that would go past it is not started:
 * `spend` throws OutOfWork instead, and the caller gives up on that task (re-anchoring: that
 * annotation waits for a new place). Counted in steps, not time, so the same inputs always get
 * the same answer, on any machine and under any load.
 */
export class WorkBudget {
  private spent = 0;

  constructor(private readonly units: number) {}

  /** Takes `units` of work, or throws OutOfWork (taking nothing) when fewer are left. */
  spend(units: number): void {
    if (this.spent + units > this.units) throw new OutOfWork();
    this.spent += units;
  }

  get used(): number {
    return this.spent;
  }

  get left(): number {
    return this.units - this.spent;
  }
}

export class OutOfWork extends Error {
  constructor() {
    super("This comparison would take more work than it is allowed.");
    this.name = "OutOfWork";
  }
}

/** The steps an edit distance between strings of these lengths takes (./edit-distance.ts). */
export function editDistanceSteps(firstLength: number, secondLength: number): number {
  return Math.ceil(Math.min(firstLength, secondLength) / 32) * Math.max(firstLength, secondLength);
}
