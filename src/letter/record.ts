// The letter's own file in the queue, `queue/letters/<from>.yaml`: the validator's approval
// bound to the letter's digest and, once sent, the receipt — committed and reviewed in git like
// a post's review and receipts. (The sandbox keeps its receipts under .lm-post/sandbox/letters/.)
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument, stringify } from 'yaml';
import { ExitCode, LmPostError } from '../errors.js';
import { atomicWrite } from '../post/write.js';
import { isoInZone } from '../workflow/when.js';

export interface LetterReview {
  state: 'approved';
  by: string;
  at: string;
  digest: string;
  /** SSHSIG over the canonical decision (SPEC §16), when the charter requires signatures. */
  signature?: string;
}

export interface LetterReceipt {
  message_id: string;
  at: string;
  to: string;
}

export interface LetterRecord {
  from: string;
  to: string;
  review?: LetterReview;
  history?: { state: string; by: string; at: string; digest?: string; signature?: string }[];
  sent?: LetterReceipt;
}

export function recordPath(queueDir: string, from: string): string {
  return path.join(queueDir, 'letters', `${from}.yaml`);
}

export function readRecord(file: string, shown: string): LetterRecord | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const doc = parseDocument(text, { uniqueKeys: true });
  const v = (doc.errors.length ? null : doc.toJS({ maxAliasCount: 10 })) as LetterRecord | null;
  if (doc.errors.length || !v || typeof v !== 'object' || typeof v.from !== 'string') {
    throw new LmPostError(
      'letter-record-invalid',
      {
        fr: 'Le fichier de la lettre {{file}} est illisible (écrit par lm-post letter : ne le modifiez pas à la main ; supprimez-le pour repartir de zéro).',
        en: 'The letter file {{file}} cannot be read (written by lm-post letter: do not edit it by hand; delete it to start over).',
      },
      { file: shown },
      ExitCode.usage,
    );
  }
  return v;
}

export function writeRecord(file: string, rec: LetterRecord, period: string, timeZone?: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  // SPEC §17: the letter's own record writes its times in the charter's zone, as post reviews do.
  if (timeZone) rec = zonedTimes(rec, timeZone);
  const head = `# Lettre de la quinzaine ${period}.\n# Écrit par lm-post letter (approbation, reçu d'envoi) : ne pas modifier à la main.\n`;
  atomicWrite(file, head + stringify(rec, { lineWidth: 0 }));
}

function zonedTimes(rec: LetterRecord, timeZone: string): LetterRecord {
  const z = (at: string): string => {
    const d = new Date(at);
    return /Z$/.test(at) && !Number.isNaN(d.getTime()) ? isoInZone(d, timeZone) : at;
  };
  return {
    ...rec,
    ...(rec.review ? { review: { ...rec.review, at: z(rec.review.at) } } : {}),
    ...(rec.history ? { history: rec.history.map((h) => ({ ...h, at: z(h.at) })) } : {}),
    ...(rec.sent ? { sent: { ...rec.sent, at: z(rec.sent.at) } } : {}),
  };
}

/** Where sandbox receipts go: training never marks the real letter as sent. */
export function sandboxReceiptPath(stateDir: string, from: string): string {
  return path.join(stateDir, 'letters', `${from}.json`);
}

export function readSandboxReceipt(file: string): LetterReceipt | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LetterReceipt;
  } catch {
    return undefined;
  }
}

export function writeSandboxReceipt(file: string, r: LetterReceipt): void {
  mkdirSync(path.dirname(file), { recursive: true });
  atomicWrite(file, JSON.stringify(r, null, 2) + '\n');
}
