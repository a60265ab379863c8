import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';
import type { MailMessage } from '../outbox/enqueue.js';

/**
 * Where mail from the outbox goes: an SMTP server (SMTP_URL), or, without one, .eml files in MAIL_DIR (a demo or a
 * test reads them; an operator sees "dir" in /ready and in the log, so a production server never drops mail
 * silently). Messages are built by nodemailer either way, so a file is exactly what SMTP would have sent.
 */
export interface MailTransport {
  readonly kind: 'smtp' | 'dir';
  /** Sends one message; `id` is its outbox row id (the file name, and a header for tracing). Throws to retry. */
  send(id: string, message: MailMessage): Promise<void>;
  close(): void;
}

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://…; unset → files in `mailDir`. */
  smtpUrl?: string | undefined;
  /** The From address, e.g. "Vitrine <no-reply@example.com>". */
  mailFrom: string;
  mailDir: string;
  logger: Logger;
}

export function createMailTransport({ smtpUrl, mailFrom, mailDir, logger }: MailSettings): MailTransport {
  const toMail = (id: string, m: MailMessage) => ({
    from: mailFrom,
    to: [m.to].flat().join(', '),
    subject: m.subject,
    text: m.text,
    ...(m.html !== undefined ? { html: m.html } : {}),
    attachments: (m.attachments ?? []).map((a) => ({
      filename: a.filename,
      contentType: a.contentType,
      content: Buffer.from(a.contentBase64, 'base64'),
      ...(a.cid ? { cid: a.cid } : {}),
    })),
    headers: { 'X-Vitrine-Message-Id': id },
  });

  if (smtpUrl) {
    const smtp = nodemailer.createTransport(smtpUrl);
    return {
      kind: 'smtp',
      async send(id, message) {
        await smtp.sendMail(toMail(id, message));
      },
      close: () => smtp.close(),
    };
  }

  const files = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'dir',
    async send(id, message) {
      const info = await files.sendMail(toMail(id, message));
      mkdirSync(mailDir, { recursive: true });
      // Written under a temporary name and renamed: a reader never sees half a message, and a retry rewrites it.
      const path = join(mailDir, `${id}.eml`);
      writeFileSync(`${path}.tmp`, info.message as Buffer);
      renameSync(`${path}.tmp`, path);
      logger.info('mail written to file (no SMTP_URL)', { path });
    },
    close: () => files.close(),
  };
}
