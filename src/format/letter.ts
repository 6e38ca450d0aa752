// `lm-post letter --send | --resolve` as text and as the --json report's fields.
import type { Lang } from '../i18n/index.js';
import { type AssembledLetter, itemCount } from '../letter/assemble.js';
import { formatDateTime } from '../util/time.js';
import type { LetterResolution, LetterSendResult } from '../letter/run.js';
import type { Envelope } from '../letter/send.js';
import { leftOutText } from '../letter/left-out.js';

const m = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);

/** The report's fields for a send's result (`receipt`: where the receipt or the sandbox's copy is). */
export function letterReport(res: LetterSendResult, a: AssembledLetter, receipt: string): Record<string, unknown> {
  const commands = (withTo: boolean) => ['sent', 'not-sent'].map((o) => `lm-post letter --from ${a.model.from}${withTo ? ` --to ${a.model.to}` : ''} --resolve ${o}`);
  switch (res.status) {
    case 'needs-human':
      return res.interrupted ? { status: 'needs-human', message_id: res.messageId, commands: commands(true) } : { status: 'needs-human', message_id: res.messageId, error: res.error, commands: commands(false) };
    case 'receipt-restored':
      return { status: 'already-sent', message_id: res.messageId };
    case 'refused':
      return { status: 'refused', error: res.error };
    case 'sent':
      return { status: 'sent', message_id: res.messageId, at: res.at, receipt };
  }
}

/** What a person reads of a send's result (on stdout when the letter is out, on stderr otherwise). */
export function formatSend(res: LetterSendResult, a: AssembledLetter, e: Envelope, lang: Lang, where: { mailbox: string } | { receipt: string }): string {
  const { from, to } = a.model;
  switch (res.status) {
    case 'needs-human':
      if (!res.interrupted) {
        return m(
          lang,
          `⚠ Issue inconnue de l’envoi (${res.error}) : vérifiez la boîte de ${e.to} (message ${e.messageId}) puis « lm-post letter --from ${from} --resolve sent|not-sent ».\n`,
          `⚠ Unknown outcome of the send (${res.error}): check the mailbox of ${e.to} (message ${e.messageId}), then "lm-post letter --from ${from} --resolve sent|not-sent".\n`,
        );
      }
      return m(
        lang,
        `⚠ Un envoi précédent de la lettre ${a.periodLabel} a été interrompu et SMTP ne permet pas de savoir s’il est arrivé : rien n’est renvoyé.\n  Cherchez le message ${res.messageId} dans la boîte de ${e.to || 'LM_POST_LETTER_TO'} ou les journaux du serveur, puis :\n  lm-post letter --from ${from} --to ${to} --resolve sent      (il est arrivé)\n  lm-post letter --from ${from} --to ${to} --resolve not-sent  (il n’est pas arrivé : le prochain --send l’enverra)\n`,
        `⚠ An earlier send of the letter ${a.periodLabel} was interrupted and SMTP cannot tell whether it arrived: nothing is sent again.\n  Look for message ${res.messageId} in the mailbox of ${e.to || 'LM_POST_LETTER_TO'} or the server's logs, then:\n  lm-post letter --from ${from} --to ${to} --resolve sent      (it arrived)\n  lm-post letter --from ${from} --to ${to} --resolve not-sent  (it did not: the next --send sends it)\n`,
      );
    case 'receipt-restored':
      return m(lang, `La lettre ${a.periodLabel} était déjà partie (${res.messageId}) : reçu écrit, rien n’est renvoyé.\n`, `The letter ${a.periodLabel} had already been sent (${res.messageId}): receipt written, nothing sent again.\n`);
    case 'refused':
      if (res.outcome === 'not-sent') return m(lang, `✗ La lettre n’est pas partie (la conversation SMTP s’est arrêtée avant le message) : ${res.error}\n`, `✗ The letter was not sent (the SMTP conversation stopped before the message): ${res.error}\n`);
      return m(lang, `✗ Le serveur SMTP a refusé la lettre : ${res.error}\n`, `✗ The SMTP server refused the letter: ${res.error}\n`);
    case 'sent':
      return (
        m(lang, `✓ Lettre envoyée (${res.messageId}).`, `✓ Letter sent (${res.messageId}).`) +
        ('mailbox' in where ? m(lang, ` Reçue par le bac à sable : ${where.mailbox}/\n`, ` Received by the sandbox: ${where.mailbox}/\n`) : m(lang, ` Reçu : ${where.receipt}\n`, ` Receipt: ${where.receipt}\n`))
      );
  }
}

/** A person's answer to an unknown outcome, as recorded. */
export function formatResolution(res: LetterResolution, a: AssembledLetter, lang: Lang): string {
  if (res.status === 'nothing-to-settle') return m(lang, 'Rien à trancher : aucun envoi de cette lettre n’a une issue inconnue.\n', 'Nothing to settle: no send of this letter has an unknown outcome.\n');
  if (res.outcome === 'sent') return m(lang, `Noté : la lettre ${a.periodLabel} est partie (${res.messageId}).\n`, `Noted: the letter ${a.periodLabel} was sent (${res.messageId}).\n`);
  return m(lang, `Noté : la lettre ${a.periodLabel} n’est pas partie ; le prochain « lm-post letter --send » l’enverra.\n`, `Noted: the letter ${a.periodLabel} was not sent; the next "lm-post letter --send" will send it.\n`);
}

/** The letter's contents in a few lines: its period, its sections and their item counts. */
export function summary(a: AssembledLetter, lang: Lang): string {
  const n = itemCount(a.model);
  const head = m(lang, `Lettre de la quinzaine ${a.periodLabel} : ${n} article(s)`, `Letter of the fortnight ${a.periodLabel}: ${n} item(s)`);
  const secs = a.model.sections.map((s) => `  – ${s.title} (${s.items.length})`).join('\n');
  return `${head}${n ? m(lang, ' :\n', ':\n') + secs : m(lang, ' (aucun article dans la file pour cette quinzaine).', ' (no item in the queue for this fortnight).')}\n` + leftOutText(a.leftOut, lang);
}

/** When a letter went out, as a person reads it (the journal keeps the ISO time). */
export function sentAt(iso: string, tz: string, lang: 'fr' | 'en'): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatDateTime(d, tz, lang);
}
