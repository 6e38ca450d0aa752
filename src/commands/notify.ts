// lm-post notify (alias prevenir), SPEC §17: tell people what concerns them, by email through
// LM_POST_SMTP_URL — one email per person per run, each notice once (journal under the state folder).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { loadContext, stateDirFor } from '../cli/context.js';
import type { GlobalOptions, Io } from '../cli/io.js';
import type { Person } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { listQueue } from '../post/read.js';
import { fileReceipts } from '../publish/receipts.js';
import { currentTime } from '../util/clock.js';
import { collectNotices, type Notice } from '../notify/collect.js';
import { NotifyJournal } from '../notify/journal.js';
import { mailFor, type NoticeMail } from '../notify/mail.js';
import { notSent, openSmtp, withDeadline } from '../notify/smtp.js';
import { listPosts } from '../workflow/states.js';

export interface NotifyOptions extends GlobalOptions {
  dryRun?: boolean;
  timeout?: number;
  json?: boolean;
}

export async function notify(io: Io, opts: NotifyOptions): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const fr = lang === 'fr';
  const now = currentTime();
  const stateDir = stateDirFor(ctx.queueDir);
  const queueFiles = listQueue(ctx.queueDir);
  const rows = await listPosts({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now, queueFiles, receipts: fileReceipts, journalDir: path.join(stateDir, 'journal') });
  const journal = NotifyJournal.in(stateDir);
  const done = journal.done();
  const notices = collectNotices({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, now, rows, queueFiles }).filter((n) => !done.has(`${n.to}\0${n.key}`));
  const byPerson = new Map<string, Notice[]>();
  for (const n of notices) byPerson.set(n.to, [...(byPerson.get(n.to) ?? []), n]);
  const mails: NoticeMail[] = [];
  const noEmail: { person: Person; count: number }[] = [];
  for (const [id, list] of byPerson) {
    const person = charter.people.find((p) => p.id === id);
    if (!person) continue;
    if (!person.email) noEmail.push({ person, count: list.length });
    else mails.push(mailFor(person as Person & { email: string }, list, charter, lang));
  }
  // A person without an address is named once, then skipped (their notices wait for an address).
  for (const { person, count } of noEmail) {
    io.err(fr ? `${person.name} (${person.id}) n’a pas d’adresse e-mail dans la charte (people[].email) : ${count} avis non envoyé(s).\n` : `${person.name} (${person.id}) has no email in the charter (people[].email): ${count} notice(s) not sent.\n`);
  }
  const report: Record<string, unknown>[] = [];
  if (!mails.length) {
    if (opts.json) io.out(JSON.stringify({ sent: [], no_email: noEmail.map((x) => x.person.id) }, null, 2) + '\n');
    else io.out(fr ? 'Rien de nouveau à signaler : aucun avis à envoyer.\n' : 'Nothing new to tell: no notice to send.\n');
    return ExitCode.ok;
  }
  const from = io.env.LM_POST_NOTIFY_FROM ?? io.env.LM_POST_LETTER_FROM ?? charter.letter?.sender.email ?? 'lm-post@localhost';
  const messageId = (m: NoticeMail) => `<notify-${createHash('sha256').update(m.to.id + '\0' + m.keys.join('\0')).digest('hex').slice(0, 24)}@lm-post>`;
  if (opts.dryRun) {
    if (opts.json) io.out(JSON.stringify({ dry_run: true, mails: mails.map((m) => ({ to: m.to.email, person: m.to.id, subject: m.subject, keys: m.keys, text: m.text })) }, null, 2) + '\n');
    else {
      io.out(fr ? `Simulation (--dry-run) : ${mails.length} e-mail(s), rien n’est envoyé ni noté.\n\n` : `Dry run (--dry-run): ${mails.length} email(s), nothing is sent or recorded.\n\n`);
      for (const m of mails) io.out(`From: ${from}\nTo: ${m.to.name} <${m.to.email}>\nSubject: ${m.subject}\n\n${m.text}\n`);
    }
    return ExitCode.ok;
  }
  const url = io.env.LM_POST_SMTP_URL;
  if (!url) {
    throw new LmPostError(
      'notify-smtp',
      { fr: 'Pour envoyer les avis, définissez LM_POST_SMTP_URL (environnement ou .env), comme pour la lettre. Pour les voir sans rien envoyer : lm-post notify --dry-run.', en: 'To send the notices, set LM_POST_SMTP_URL (environment or .env), as for the letter. To see them without sending: lm-post notify --dry-run.' },
      {},
      ExitCode.usage,
    );
  }
  const deadline = Date.now() + (opts.timeout ?? 60) * 1000;
  const smtp = await openSmtp(url, opts.timeout ?? 60);
  let failed = 0;
  let unknown = 0;
  try {
    for (const m of mails) {
      const id = messageId(m);
      const base = { to: m.to.id, keys: m.keys, message_id: id };
      if (Date.now() >= deadline) {
        failed++;
        io.err(fr ? `✗ Délai dépassé : pas d’envoi à ${m.to.name} (au prochain passage).\n` : `✗ Deadline passed: nothing sent to ${m.to.name} (next run).\n`);
        continue;
      }
      // The intent is on disk before the first byte goes to the relay.
      journal.append({ t: 'intent', ...base, at: new Date().toISOString() });
      try {
        await withDeadline(smtp.send({ from, to: `${m.to.name} <${m.to.email}>`, subject: m.subject, text: m.text, html: m.html, messageId: id }), deadline);
        journal.append({ t: 'sent', ...base, at: new Date().toISOString() });
        report.push({ person: m.to.id, to: m.to.email, notices: m.keys.length, status: 'sent' });
        io.out(fr ? `✓ ${m.keys.length} avis envoyé(s) à ${m.to.name} <${m.to.email}>\n` : `✓ ${m.keys.length} notice(s) sent to ${m.to.name} <${m.to.email}>\n`);
      } catch (err) {
        const error = smtp.redact(String((err as Error)?.message ?? err));
        if (notSent(err)) {
          failed++;
          journal.append({ t: 'failed', ...base, at: new Date().toISOString(), error });
          report.push({ person: m.to.id, status: 'failed', error });
          io.err(fr ? `✗ Envoi à ${m.to.name} impossible (${error}) : il sera retenté au prochain passage.\n` : `✗ Could not send to ${m.to.name} (${error}): it will be tried again next run.\n`);
        } else {
          unknown++;
          report.push({ person: m.to.id, status: 'unknown', error });
          io.err(fr ? `⚠ Issue inconnue de l’envoi à ${m.to.name} (${error}) : ces avis ne seront pas renvoyés (jamais deux fois).\n` : `⚠ Unknown outcome of the send to ${m.to.name} (${error}): these notices will not be sent again (never twice).\n`);
        }
      }
    }
  } finally {
    smtp.close();
  }
  if (opts.json) io.out(JSON.stringify({ sent: report, no_email: noEmail.map((x) => x.person.id) }, null, 2) + '\n');
  return unknown ? ExitCode.needsHuman : failed ? ExitCode.problems : ExitCode.ok;
}
