import type { ApiContract } from "@/lib/api/contract";
import * as annotations from "./annotations";
import * as assignments from "./assignments";
import * as documents from "./documents";
import * as exports from "./exports";
import * as groups from "./groups";
import * as meta from "./meta";
import * as moderation from "./moderation";
import * as notifications from "./notifications";
import * as readingProgress from "./reading-progress";
import * as tokens from "./tokens";

/** Every operation of the API, in the reference's order: the document is generated from this list. */
export const API_CONTRACTS: readonly ApiContract[] = [
  documents,
  readingProgress,
  annotations,
  moderation,
  exports,
  groups,
  assignments,
  notifications,
  tokens,
  meta,
].flatMap((contracts) => Object.values(contracts).filter(isContract));

function isContract(value: unknown): value is ApiContract {
  return typeof value === "object" && value !== null && "method" in value && "path" in value && "responses" in value;
}
