// The SMTP side of the letter: the transport (with its deadlines), what a failed send proves, and
// every spelling of the password that goes on the wire.
//
// Exactly once (SPEC §7, §14): a letter may be marked "not sent" (and so sent again by the next
// run) only when the conversation provably never reached the message body. A relay can accept a
// message only once it has received the body and its final "." (RFC 5321 §4.1.1.4), and a client
// writes the body only after the relay answered DATA with 354. So the transport follows the
// conversation, reply by reply, through nodemailer's transaction log, and `outcomeOf` judges from
// the stage it reached — never from nodemailer's error code, which says ECONNECTION/CONN for a
// connection dropped before the greeting as for one dropped after the ".".
import { ExitCode, LmPostError } from '../errors.js';

/** Every SMTP deadline, in ms (nodemailer's defaults are 2 min, 30 s and 10 min). */
export interface SmtpDeadlines {
  /** TCP (and TLS) connection. */
  connectionTimeout: number;
  /** The relay's 220 greeting once connected. */
  greetingTimeout: number;
  /** Inactivity at any later point (an answer to a command, to the final "."). */
  socketTimeout: number;
}

export const SMTP_DEADLINES: SmtpDeadlines = { connectionTimeout: 20_000, greetingTimeout: 20_000, socketTimeout: 60_000 };

/**
 * How far an SMTP conversation went:
 * - `session`: connected (or trying to), greeting, EHLO, STARTTLS, AUTH;
 * - `envelope`: MAIL FROM / RCPT TO / DATA written, no 354 yet;
 * - `body`: the relay said 354 (go ahead): the message may be on its way;
 * - `answered`: the relay answered the final "." (see `finalReply`).
 */
export type SmtpStage = 'session' | 'envelope' | 'body' | 'answered';

/** Follows one SMTP conversation through nodemailer's transaction log (client commands, server replies). */
export class SmtpConversation {
  stage: SmtpStage = 'session';
  /** The relay's answer to the final "." when it came. */
  finalReply?: string;
  /** Commands waiting for their reply, in order (RFC 2920: replies come in the order of the commands). */
  private pending: string[] = ['greeting'];

  reset(): void {
    this.stage = 'session';
    this.finalReply = undefined;
    this.pending = ['greeting'];
  }

  /** A command line the client wrote (nodemailer logs each one just before writing it). */
  client(line: string): void {
    const verb = /^(MAIL|RCPT|DATA)\b/i.exec(line)?.[1]?.toUpperCase();
    if (verb && this.stage === 'session') this.stage = 'envelope';
    this.pending.push(verb ?? 'other');
  }

  /** A complete reply from the relay (nodemailer logs each one before acting on it). */
  server(reply: string): void {
    if (this.stage === 'body' && !this.pending.length) {
      this.stage = 'answered';
      this.finalReply = reply;
      return;
    }
    const to = this.pending.shift();
    // A 2xx or 3xx answer to DATA starts the body (nodemailer takes 250 as well as 354).
    if (to === 'DATA' && /^[23]/.test(reply)) this.stage = 'body';
  }

  /** A nodemailer-compatible (bunyan-style) logger feeding this conversation; it keeps nothing else. */
  logger(): Record<'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', (entry: unknown, message?: unknown) => void> {
    const debug = (entry: unknown, message?: unknown): void => {
      const tnx = (entry as { tnx?: string } | undefined)?.tnx;
      if (typeof message !== 'string') return;
      if (tnx === 'client') this.client(message);
      else if (tnx === 'server') this.server(message);
    };
    const none = (): void => undefined;
    return { trace: none, debug, info: none, warn: none, error: none, fatal: none };
  }
}

/**
 * What a failed send proves:
 * - `not-sent`: the body never started (no connection, no greeting, a refused login or envelope,
 *   a connection dropped before 354): the relay cannot have accepted the letter;
 * - `refused`: the relay answered the final "." with 4xx/5xx: it did not take the letter;
 * - `unknown`: anything else after the body started (a drop or a silence after the ".", before
 *   or while its answer comes): only a human can tell.
 */
export type SmtpOutcome = 'not-sent' | 'refused' | 'unknown';

export function outcomeOf(c: Pick<SmtpConversation, 'stage' | 'finalReply'>): SmtpOutcome {
  if (c.stage === 'session' || c.stage === 'envelope') return 'not-sent';
  if (c.stage === 'answered' && /^[45]\d\d/.test(c.finalReply ?? '')) return 'refused';
  return 'unknown';
}

export interface Transport {
  sendMail(o: Record<string, unknown>): Promise<{ messageId?: string; response?: string }>;
  /** What the last failed `sendMail` proves (see `outcomeOf`). */
  outcome(): SmtpOutcome;
  close(): void;
}

function parseSmtpUrl(url: string): URL {
  try {
    const parsed = new URL(url);
    if (!/^smtps?:$/.test(parsed.protocol)) throw new Error('scheme');
    return parsed;
  } catch {
    throw new LmPostError(
      'smtp-url-invalid',
      {
        fr: 'LM_POST_SMTP_URL n’est pas une adresse SMTP (attendu : smtp://utilisateur:motdepasse@serveur:587 ou smtps://…:465).',
        en: 'LM_POST_SMTP_URL is not an SMTP address (expected: smtp://user:password@host:587 or smtps://…:465).',
      },
      {},
      ExitCode.usage,
    );
  }
}

/** A transport whose every step has a deadline (given at creation: nodemailer reads them there) and whose conversation is followed. */
export async function smtpTransport(url: string, deadlines: SmtpDeadlines = SMTP_DEADLINES): Promise<Transport> {
  parseSmtpUrl(url);
  const { default: nodemailer } = await import('nodemailer');
  const conversation = new SmtpConversation();
  const t = nodemailer.createTransport({ url, ...deadlines, transactionLog: true, logger: conversation.logger() } as never);
  return {
    sendMail: (o) => {
      conversation.reset();
      return t.sendMail(o as never) as Promise<{ messageId?: string; response?: string }>;
    },
    outcome: () => outcomeOf(conversation),
    close: () => t.close(),
  };
}

/**
 * The password of an SMTP URL in every form that goes on the wire, so that a relay echoing its
 * input (a 535 answer quoting AUTH PLAIN) cannot make it appear: as written, percent-decoded, and
 * base64 of the AUTH PLAIN (RFC 4616, with or without an authorization identity) and AUTH LOGIN forms.
 */
export function smtpWireSecrets(url: string | undefined): string[] {
  const m = url ? /^[a-z]+:\/\/([^:@/]*):([^@/]*)@/i.exec(url) : null;
  if (!m?.[2]) return [];
  const dec = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  const users = [...new Set([m[1]!, dec(m[1]!)])];
  const passes = [...new Set([m[2], dec(m[2])])];
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const out: string[] = [];
  for (const p of passes) {
    out.push(p, b64(p));
    for (const u of users) out.push(b64(`\0${u}\0${p}`), b64(`${u}\0${u}\0${p}`));
  }
  return [...new Set(out)];
}
