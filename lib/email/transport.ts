import "server-only";
import nodemailer, { type Transporter } from "nodemailer";

const transports = new Map<string, Transporter>();

/** One transport per SMTP URL for the life of the process (tests switch URLs between servers). */
export function smtpTransport(url: string): Transporter {
  let transport = transports.get(url);
  if (!transport) {
    transport = nodemailer.createTransport(url);
    transports.set(url, transport);
  }
  return transport;
}

export function closeSmtpTransports(): void {
  for (const transport of transports.values()) transport.close();
  transports.clear();
}
