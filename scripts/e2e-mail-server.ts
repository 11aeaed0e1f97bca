// The end-to-end suite's mail server: a real SMTP server on the given port that writes every mail
// it receives into a directory (e2e/mailbox.ts reads them). Started by playwright.config.ts.
//
//   tsx scripts/e2e-mail-server.ts PORT DIR
import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startSmtpInbox } from "../tests/mail/smtp-inbox";

const port = Number(process.argv[2]);
const dir = process.argv[3];
if (!port || !dir) throw new Error("usage: tsx scripts/e2e-mail-server.ts PORT DIR");

rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let count = 0;
void startSmtpInbox({
  port,
  onMail(mail) {
    count += 1;
    // Named so that sorting the files sorts the mails by arrival.
    writeFileSync(path.join(dir, `${String(count).padStart(6, "0")}-${randomUUID()}.json`), JSON.stringify(mail));
  },
}).then((inbox) => {
  console.log(`e2e mail server: ${inbox.url} → ${dir}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => void inbox.close().then(() => process.exit(0)));
});
