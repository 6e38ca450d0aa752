// The letter's run (`lm-post letter --send | --resolve`): the letter is a channel like the
// networks, with one item, the same journal (its lane: LETTER_LANE), the same lock and the same
// redaction of credentials. SMTP's specifics (envelope, no read-back) are in send.ts.
import path from 'node:path';
import { ExitCode, LmPostError } from '../errors.js';
import { redact, secretValues } from '../publish/credentials.js';
import type { RunEvent } from '../publish/events.js';
import type { Journal } from '../publish/journal.js';
import { acquirePublishLock } from '../publish/lock.js';
import { stateDirFor } from '../publish/paths.js';
import type { AssembledLetter } from './assemble.js';
import { readRecord, readSandboxReceipt, sandboxReceiptPath, writeRecord, writeSandboxReceipt, type LetterReceipt } from './record.js';
import { renderHtml, renderText } from './render.js';
import { type Envelope, envelopeOf, LETTER_LANE, letterJournal, mailOptions, sendState, smtpTransport, type Transport } from './send.js';

export interface LetterChannel {
  letter: AssembledLetter;
  envelope: Envelope;
  journal: Journal;
  /** The state folder whose publish lock the send holds. */
  stateDir: string;
  sandbox: boolean;
  /** Where the sandbox's SMTP server keeps what it accepted. */
  mailbox: string;
  env: NodeJS.ProcessEnv;
  readReceipt(): LetterReceipt | undefined;
  writeReceipt(r: LetterReceipt): void;
}

/** The letter of a fortnight as a channel: its envelope, its journal and where its receipt goes. */
export function letterChannel(o: { letter: AssembledLetter; queueDir: string; recordFile: string; recordShown: string; sandbox: boolean; env: NodeJS.ProcessEnv; timeZone?: string }): LetterChannel {
  const { letter: a, sandbox } = o;
  const stateDir = stateDirFor(o.queueDir, sandbox);
  const receiptFile = sandboxReceiptPath(stateDir, a.model.from);
  return {
    letter: a,
    envelope: envelopeOf(a, o.env, sandbox ? 'membres@sandbox.invalid' : undefined),
    journal: letterJournal(path.join(stateDir, 'journal'), a.model.from),
    stateDir,
    sandbox,
    mailbox: path.join(stateDirFor(o.queueDir, true), 'smtp'),
    env: o.env,
    readReceipt: () => (sandbox ? readSandboxReceipt(receiptFile) : readRecord(o.recordFile, o.recordShown)?.sent),
    writeReceipt(r) {
      if (sandbox) writeSandboxReceipt(receiptFile, r);
      else {
        const rec = readRecord(o.recordFile, o.recordShown) ?? { from: a.model.from, to: a.model.to };
        writeRecord(o.recordFile, { ...rec, sent: r }, a.model.period, o.timeZone);
      }
    },
  };
}

export type LetterSendResult =
  /** An earlier send was interrupted and SMTP cannot tell whether it arrived: a person decides. */
  | { status: 'needs-human'; messageId: string; interrupted: true }
  /** This send's outcome is unknown (the connection dropped after DATA). */
  | { status: 'needs-human'; messageId: string; interrupted: false; error: string }
  /** An earlier send had gone out: its receipt is written now, nothing is sent. */
  | { status: 'receipt-restored'; messageId: string }
  /** Provably not sent: the relay refused the message (`refused`) or the conversation stopped before its body (`not-sent`). */
  | { status: 'refused'; error: string; outcome: 'refused' | 'not-sent' }
  | { status: 'sent'; messageId: string; at: string };

/** The letter's credentials, checked before anything is sent. */
function checkLetterCredentials(env: NodeJS.ProcessEnv): void {
  const missing = ['LM_POST_SMTP_URL', 'LM_POST_LETTER_TO'].filter((k) => !env[k]);
  if (!missing.length) return;
  throw new LmPostError(
    'letter-credentials',
    {
      fr: 'Pour envoyer la lettre, définissez {{vars}} (environnement ou .env). Pour essayer sans serveur : lm-post letter --send --sandbox.',
      en: 'To send the letter, set {{vars}} (environment or .env). To try without a server: lm-post letter --send --sandbox.',
    },
    { vars: missing.join(', ') },
    ExitCode.usage,
  );
}

/** Settles what an earlier run left open (an intent without outcome) before anything is sent. */
async function settleEarlierSend(ch: LetterChannel): Promise<ReturnType<typeof sendState>> {
  const { journal } = ch;
  const st = sendState(journal);
  if (st.kind !== 'unknown') return st;
  const at = new Date().toISOString();
  if (ch.sandbox) {
    // The sandbox can be asked (reconcile-by-key on the Message-ID): it keeps every accepted message on disk before answering.
    const { sandboxHasMessage } = await import('../sandbox/smtp.js');
    if (sandboxHasMessage(ch.mailbox, st.messageId)) journal.append({ t: 'created', network: LETTER_LANE, item: 0, id: st.messageId, url: '', at, key: st.messageId, how: 'reconciled' });
    else journal.append({ t: 'not-created', network: LETTER_LANE, item: 0, at, how: 'reconciled' });
  } else journal.append({ t: 'needs-human', network: LETTER_LANE, item: 0, at, reason: 'smtp-no-read-back' });
  return sendState(journal);
}

/** Sends the letter exactly once, under the publish lock; `lane-started` is emitted just before the SMTP transaction. */
export async function sendLetter(ch: LetterChannel, onEvent: (e: RunEvent) => void): Promise<LetterSendResult> {
  if (!ch.sandbox) checkLetterCredentials(ch.env);
  const release = await acquirePublishLock(ch.stateDir);
  let server: { url: string; close(): Promise<void> } | undefined;
  let transport: Transport | undefined;
  try {
    const st = await settleEarlierSend(ch);
    if (st.kind === 'needs-human') return { status: 'needs-human', messageId: st.messageId ?? ch.envelope.messageId, interrupted: true };
    if (st.kind === 'sent') {
      const at = new Date().toISOString();
      ch.writeReceipt({ message_id: st.messageId, at, to: ch.envelope.to });
      ch.journal.append({ t: 'receipt', network: LETTER_LANE, at });
      return { status: 'receipt-restored', messageId: st.messageId };
    }
    const html = await renderHtml(ch.letter, 'cid');
    const text = renderText(ch.letter);
    let url = ch.env.LM_POST_SMTP_URL ?? '';
    if (ch.sandbox) {
      server = await startSandboxServer(ch);
      url = server.url;
    }
    transport = await smtpTransport(url);
    return await sendOnce(ch, transport, { html, text }, onEvent);
  } finally {
    transport?.close();
    await server?.close();
    await release();
  }
}

async function startSandboxServer(ch: LetterChannel): Promise<{ url: string; close(): Promise<void> }> {
  const { startSmtpSandbox } = await import('../sandbox/smtp.js');
  // Training and tests: a slow sandbox server (before or after it keeps the message) lets one
  // interrupt a send at a chosen moment and watch the next run settle it.
  const delay = Number(ch.env.LM_POST_SANDBOX_SMTP_DELAY_MS ?? 0);
  const when = ch.env.LM_POST_SANDBOX_SMTP_DELAY_WHEN === 'before-store' ? ('before-store' as const) : ('after-store' as const);
  return startSmtpSandbox({ dir: ch.mailbox, ...(delay > 0 ? { delay: { ms: delay, when } } : {}) });
}

/** The one SMTP transaction, bracketed by the journal: the intent is on disk before the first byte goes to the relay. */
async function sendOnce(ch: LetterChannel, transport: Transport, parts: { html: string; text: string }, onEvent: (e: RunEvent) => void): Promise<LetterSendResult> {
  const { journal, envelope: e } = ch;
  const attempt = journal.entries().filter((x) => x.t === 'intent').length + 1;
  journal.append({ t: 'intent', network: LETTER_LANE, item: 0, key: e.messageId, at: new Date().toISOString(), attempt });
  onEvent({ type: 'lane-started', network: LETTER_LANE, posts: 1 });
  try {
    await transport.sendMail(mailOptions(ch.letter, e, parts));
  } catch (err) {
    const error = redact(String((err as Error).message ?? err), secretValues(ch.env));
    const at = new Date().toISOString();
    // Judged from how far the SMTP conversation went (smtp.ts), never from the error's code.
    const outcome = transport.outcome();
    if (outcome !== 'unknown') {
      journal.append({ t: 'failed', network: LETTER_LANE, item: 0, at, kind: 'refused', message: error });
      return { status: 'refused', error, outcome };
    }
    journal.append({ t: 'needs-human', network: LETTER_LANE, item: 0, at, reason: 'smtp-unknown-outcome' });
    return { status: 'needs-human', messageId: e.messageId, interrupted: false, error };
  }
  const at = new Date().toISOString();
  journal.append({ t: 'created', network: LETTER_LANE, item: 0, id: e.messageId, url: '', at, key: e.messageId, how: 'response' });
  ch.writeReceipt({ message_id: e.messageId, at, to: e.to });
  journal.append({ t: 'receipt', network: LETTER_LANE, at });
  return { status: 'sent', messageId: e.messageId, at };
}

export type LetterResolution = { status: 'nothing-to-settle' } | { status: 'resolved'; outcome: 'sent'; messageId: string } | { status: 'resolved'; outcome: 'not-sent' };

/** A person's answer to an unknown outcome: the letter arrived (receipt written) or not (the next send sends it). */
export function resolveLetter(ch: LetterChannel, outcome: 'sent' | 'not-sent'): LetterResolution {
  const st = sendState(ch.journal);
  if (st.kind !== 'unknown' && st.kind !== 'needs-human') return { status: 'nothing-to-settle' };
  const at = new Date().toISOString();
  if (outcome === 'not-sent') {
    ch.journal.append({ t: 'not-created', network: LETTER_LANE, item: 0, at, how: 'resolved' });
    return { status: 'resolved', outcome: 'not-sent' };
  }
  const id = st.messageId ?? ch.envelope.messageId;
  ch.journal.append({ t: 'created', network: LETTER_LANE, item: 0, id, url: '', at, key: id, how: 'resolved' });
  ch.writeReceipt({ message_id: id, at, to: ch.envelope.to });
  ch.journal.append({ t: 'receipt', network: LETTER_LANE, at });
  return { status: 'resolved', outcome: 'sent', messageId: id };
}
