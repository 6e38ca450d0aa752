// Sending the letter exactly once per fortnight, with the publication journal (SPEC §7, §14):
// an intent is written and fsynced before the SMTP transaction and the outcome after it.
//
// SMTP has no read-back: once a client has sent DATA, nothing lets it ask the relay whether the
// message was accepted. So an intent without an outcome (the process was killed, or the
// connection dropped after DATA) is never re-sent blindly: it needs a human, who looks for the
// letter's stable Message-ID in the recipients' mailbox or the relay's logs and settles it with
// `lm-post letter --resolve sent|not-sent`. The sandbox can be asked: its server runs inside
// the sending process and keeps every accepted message on disk before answering, so after a
// crash its mailbox says exactly whether the letter went out.
import type { NetworkId } from '../charter/types.js';
import { Journal } from '../publish/journal.js';
import type { AssembledLetter } from './assemble.js';
import { mimeOf } from './render.js';

/** The letter's lane in the journal. The journal is keyed by post × network; the letter is a channel with one item. */
export const LETTER_LANE = 'letter' as unknown as NetworkId;

export function letterJournal(journalDir: string, from: string): Journal {
  return new Journal(journalDir, `letter-${from}`);
}

/** Stable per fortnight and content: a rerun of the same letter carries the same Message-ID. */
export function messageIdOf(letter: AssembledLetter, senderEmail: string): string {
  const domain = senderEmail.split('@')[1] ?? 'lm-post.invalid';
  return `<letter-${letter.model.from}.${letter.digest.slice(7, 23)}@${domain}>`;
}

export interface Envelope {
  from: string;
  to: string;
  subject: string;
  messageId: string;
}

export function envelopeOf(letter: AssembledLetter, env: NodeJS.ProcessEnv, fallbackTo?: string): Envelope {
  const s = letter.model.sender;
  const from = env.LM_POST_LETTER_FROM || `"${s.name.replace(/"/g, '')}" <${s.email}>`;
  const email = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return { from, to: env.LM_POST_LETTER_TO || fallbackTo || '', subject: `${letter.model.title} — ${letter.model.period}`, messageId: messageIdOf(letter, email) };
}

export interface MailParts {
  html: string;
  text: string;
}

export function mailOptions(letter: AssembledLetter, e: Envelope, parts: MailParts): Record<string, unknown> {
  return {
    from: e.from,
    to: e.to,
    subject: e.subject,
    messageId: e.messageId,
    html: parts.html,
    text: parts.text,
    headers: {
      // RFC 2369 / RFC 8058: one-click unsubscribe shown by mail clients.
      'List-Unsubscribe': `<${letter.model.footer.unsubscribe}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
    attachments: letter.model.sections.flatMap((s) => s.items.flatMap((i) => i.images.filter((m) => m.absPath).map((m) => ({ filename: m.file.split('/').pop(), path: m.absPath, cid: m.cid, contentType: mimeOf(m.file) })))),
  };
}

export type SendState =
  | { kind: 'fresh' }
  | { kind: 'sent'; messageId: string; at?: string }
  | { kind: 'unknown'; messageId: string; at: string }
  | { kind: 'needs-human'; reason: string; messageId?: string };

export function sendState(j: Journal): SendState {
  const s = j.state(LETTER_LANE).get(0);
  if (s?.created) return { kind: 'sent', messageId: s.created.id };
  if (s?.needsHuman) return { kind: 'needs-human', reason: s.needsHuman, ...(s.pending ? { messageId: s.pending.key } : {}) };
  if (s?.pending) return { kind: 'unknown', messageId: s.pending.key, at: s.pending.at };
  return { kind: 'fresh' };
}

// The transport, its deadlines and what a failed send proves live in ./smtp.ts.
export { outcomeOf, smtpTransport, type SmtpOutcome, type Transport } from './smtp.js';
