// SMTP for notices: nodemailer (already used by the letter), every step with a deadline so a dead
// or hanging relay ends the run in time; the password never appears in a message.
import { ExitCode, LmPostError } from '../errors.js';

export interface NoticeSmtp {
  send(o: { from: string; to: string; subject: string; text: string; html: string; messageId: string }): Promise<unknown>;
  close(): void;
  redact(s: string): string;
}

export async function openSmtp(url: string, timeoutSeconds: number): Promise<NoticeSmtp> {
  let parsed: URL;
  try {
    parsed = new URL(url);
    if (!/^smtps?:$/.test(parsed.protocol)) throw new Error('scheme');
  } catch {
    throw new LmPostError(
      'smtp-url-invalid',
      { fr: 'LM_POST_SMTP_URL n’est pas une adresse SMTP (attendu : smtp://utilisateur:motdepasse@serveur:587 ou smtps://…:465).', en: 'LM_POST_SMTP_URL is not an SMTP address (expected: smtp://user:password@host:587 or smtps://…:465).' },
      {},
      ExitCode.usage,
    );
  }
  const secrets = [parsed.password, decodeURIComponent(parsed.password)].filter((s) => s.length >= 3);
  const { default: nodemailer } = await import('nodemailer');
  // Each SMTP step gets at most half the run's deadline, so a silent relay is recognised as such
  // (and the notices as not sent) before the deadline itself cuts the run short.
  const step = Math.max(500, Math.min(20_000, (timeoutSeconds * 1000) / 2));
  // Transport options go in the first argument (the second holds message defaults).
  const t = nodemailer.createTransport({ url, connectionTimeout: step, greetingTimeout: step, socketTimeout: step, dnsTimeout: step } as never);
  return {
    send: (o) => t.sendMail(o),
    close: () => t.close(),
    redact: (s) => secrets.reduce((acc, x) => acc.split(x).join('***'), s),
  };
}

/** Rejects when `deadline` (ms since epoch) passes first. */
export function withDeadline<T>(p: Promise<T>, deadline: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error('deadline'), { code: 'EDEADLINE' })), Math.max(0, deadline - Date.now()));
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

/**
 * Certainly not delivered: the relay refused (4xx/5xx), or failed before the message data was
 * sent (connection, greeting, hello, authentication, envelope). After DATA began, nobody knows.
 */
export function notSent(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string; command?: string };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400) return true;
  if (e.command === 'DATA' || e.command === 'DATA END' || e.code === 'EDEADLINE') return false;
  return ['ECONNECTION', 'EDNS', 'EENVELOPE', 'EAUTH', 'ETLS', 'ETIMEDOUT', 'ESOCKET', 'EPROTOCOL'].includes(e.code ?? '') && ['CONN', 'GREETING', 'EHLO', 'HELO', 'AUTH', 'AUTH PLAIN', 'AUTH LOGIN', 'MAIL FROM', 'RCPT TO', 'STARTTLS', undefined].includes(e.command);
}
