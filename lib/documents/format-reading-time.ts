/** "7 Min Read": the wording articles on the web use, and the one our seed article states. */
export function formatReadingTime(minutes: number): string {
  return `${minutes} Min Read`;
}
