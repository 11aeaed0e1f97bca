import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

export type Mail = { to: string; subject: string; text: string };

/** Where mail goes, from the environment: SMTP_URL (e.g. smtps://user:pass@smtp.example.org:465) and MAIL_FROM. */
export function mailSettings(env: NodeJS.ProcessEnv = process.env): { smtpUrl: string | null; from: string } {
  return { smtpUrl: env.SMTP_URL?.trim() || null, from: env.MAIL_FROM?.trim() || "Marginalia <no-reply@localhost>" };
}

// One pooled transport per SMTP URL, so a burst of sign-ups reuses connections.
const transports = new Map<string, Transporter>();

function transportFor(smtpUrl: string): Transporter {
  let transport = transports.get(smtpUrl);
  if (!transport) {
    // Timeouts well under a request's patience: an unreachable mail server must not hang sign-up.
    transport = nodemailer.createTransport({ url: smtpUrl, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000 });
    transports.set(smtpUrl, transport);
  }
  return transport;
}

/**
 * Sends one plain-text mail over SMTP. Without SMTP_URL (a development machine) the mail is
 * printed to the server log instead, so the link in it can still be followed.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const { smtpUrl, from } = mailSettings();
  if (!smtpUrl) {
    console.info(
      `[mail] SMTP_URL is not set, so this mail was not sent:\nTo: ${mail.to}\nSubject: ${mail.subject}\n\n${mail.text}\n[mail] end`,
    );
    return;
  }
  await transportFor(smtpUrl).sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
}
