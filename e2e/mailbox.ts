// Mail in the end-to-end suite: playwright.config.ts runs a real SMTP server
// (scripts/e2e-mail-server.ts) on E2E_PORT + 1000, the app sends to it, and it writes every mail
// it receives as a JSON file into MAIL_DIR, where specs read it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ReceivedMail } from "../tests/mail/smtp-inbox";

export const SMTP_PORT = Number(process.env.E2E_PORT ?? 3100) + 1000;
export const MAIL_DIR = path.join(os.tmpdir(), `marginalia-e2e-mail-${SMTP_PORT}`);

/** Every mail received so far for `address`, oldest first. */
export function mailsTo(address: string): ReceivedMail[] {
  if (!existsSync(MAIL_DIR)) return [];
  return readdirSync(MAIL_DIR)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(MAIL_DIR, file), "utf8")) as ReceivedMail)
    .filter((mail) => mail.to.includes(address));
}
