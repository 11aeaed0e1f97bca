import { AppError } from "@/lib/errors";

/** How a call ended, as one comparable string: "ok", or the AppError's "<status> <message>". Anything else is rethrown. */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
    return "ok";
  } catch (error) {
    if (error instanceof AppError) return `${error.status} ${error.message}`;
    throw error;
  }
}
