// lm-post letter: assemble the fortnight's letter (html | text | mjml), approve it as a whole,
// send it exactly once (SPEC §14). Thin: the work is in src/letter/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { formatDateTime } from '../util/time.js';
import { currentTime } from '../util/clock.js';
import { loadContext, stateDirFor } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import type { Charter } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { FORMATTERS } from '../format/index.js';
import type { Lang } from '../i18n/index.js';
import { type AssembledLetter, assembleLetter, itemCount, letterConfig } from '../letter/assemble.js';
import { fortnightOf, isCalendarDate, type Period, periodOf, todayIn } from '../letter/dates.js';
import { readRecord, readSandboxReceipt, recordPath, sandboxReceiptPath, writeRecord, writeSandboxReceipt, type LetterReceipt } from '../letter/record.js';
import { renderHtml, renderMjml, renderText } from '../letter/render.js';
import { definitelyNotSent, envelopeOf, LETTER_LANE, letterJournal, mailOptions, sendState, smtpTransport, type Transport } from '../letter/send.js';
import { atomicWrite } from '../post/write.js';
import { redact, refuseLeakyDebugSwitches, secretValues } from '../publish/credentials.js';
import { resolveIdentity } from '../publish/identity.js';
import { acquirePublishLock } from '../publish/lock.js';
import { assertNotLetterAuthor, letterReview, letterSignatureProblem } from '../review/letter.js';

export interface LetterOptions extends GlobalOptions {
  from?: string;
  to?: string;
  format?: 'html' | 'text' | 'mjml';
  out?: string;
  approve?: boolean;
  as?: string;
  /** The private key that signs the approval (SPEC §16). */
  key?: string;
  send?: boolean;
  dryRun?: boolean;
  sandbox?: boolean;
  resolve?: 'sent' | 'not-sent';
  json?: boolean;
}

/** What --json prints: the letter's period and items, what was done (status) and its details. */
type Report = Record<string, unknown>;

const m = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);

function dateArg(v: string, flag: string): string {
  if (!isCalendarDate(v)) {
    throw new LmPostError('bad-date', { fr: '{{flag}} « {{v}} » : date AAAA-MM-JJ attendue (ex. 2026-11-30).', en: '{{flag}} "{{v}}": a YYYY-MM-DD date expected (e.g. 2026-11-30).' }, { flag, v }, ExitCode.usage);
  }
  return v;
}

export function letterPeriod(opts: Pick<LetterOptions, 'from' | 'to'>, cfg: Parameters<typeof fortnightOf>[1], tz: string, now: Date): Period {
  const from = opts.from ? dateArg(opts.from, '--from') : undefined;
  const to = opts.to ? dateArg(opts.to, '--to') : undefined;
  if (from && to) {
    if (to < from) throw new LmPostError('bad-period', { fr: '--to ({{to}}) précède --from ({{from}}).', en: '--to ({{to}}) is before --from ({{from}}).' }, { from, to }, ExitCode.usage);
    return periodOf(from, to, tz);
  }
  return fortnightOf(from ?? to ?? todayIn(now, tz), cfg, tz);
}

export async function letter(io: Io, opts: LetterOptions): Promise<number> {
  if (!opts.json) return run(io, opts, {});
  // --json: the human lines are kept as `message`; the report says the same for a program.
  const r: Report = {};
  const said: string[] = [];
  const code = await run({ ...io, out: (s) => void said.push(s) }, opts, r);
  io.out(JSON.stringify({ ...r, ...(r.body === undefined && said.length ? { message: said.join('').trim() } : {}) }, null, 2) + '\n');
  return code;
}

async function run(io: Io, opts: LetterOptions, r: Report): Promise<number> {
  const ctx = loadContext(io, opts);
  const { charter, lang } = ctx;
  const cfg = letterConfig(charter);
  const modes = [opts.approve && '--approve', opts.send && '--send', opts.resolve && '--resolve'].filter(Boolean);
  if (modes.length > 1) throw new LmPostError('letter-modes', { fr: '{{modes}} : une seule action à la fois.', en: '{{modes}}: one action at a time.' }, { modes: modes.join(', ') }, ExitCode.usage);
  if ((opts.dryRun || opts.sandbox) && !opts.send && !opts.resolve) {
    throw new LmPostError('letter-send-only', { fr: '--dry-run et --sandbox vont avec --send.', en: '--dry-run and --sandbox go with --send.' }, {}, ExitCode.usage);
  }
  // Before anything is read or sent: a debug switch would print the SMTP password.
  if (opts.send && !opts.dryRun) refuseLeakyDebugSwitches(io.env);
  const now = currentTime();
  const period = letterPeriod(opts, cfg, charter.timezone, now);
  const assembled = await assembleLetter({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, period, now });
  const withProblems = assembled.results.filter((r) => r.messages.length);
  if (withProblems.length) io.err(FORMATTERS.stylish(withProblems, { lang, color: colorEnabled(io) }));
  Object.assign(r, {
    from: period.from,
    to: period.to,
    period: assembled.periodLabel,
    items: itemCount(assembled.model),
    sections: assembled.model.sections.map((s) => ({ id: s.id, title: s.title, items: s.items.length })),
    errors: assembled.errorCount,
    warnings: assembled.warningCount,
  });
  if (assembled.errorCount) {
    r.status = 'errors';
    io.err(m(lang, `La lettre ${assembled.periodLabel} n’est pas assemblée : corrigez d’abord les erreurs de ses articles.\n`, `The letter ${assembled.periodLabel} is not assembled: fix the errors of its items first.\n`));
    return ExitCode.problems;
  }
  const recFile = recordPath(ctx.queueDir, period.from);
  const recShown = path.relative(io.cwd, recFile);
  if (opts.approve) return approve(io, charter, opts, assembled, recFile, recShown, lang, r);
  if (opts.send || opts.resolve) return send(io, charter, opts, assembled, recFile, recShown, lang, ctx.queueDir, r);

  const format = opts.format ?? 'html';
  const body = format === 'text' ? renderText(assembled) : format === 'mjml' ? renderMjml(assembled, 'inline') : await renderHtml(assembled, 'inline');
  Object.assign(r, { status: 'assembled', format });
  if (opts.out) {
    const out = path.resolve(io.cwd, opts.out);
    mkdirSync(path.dirname(out), { recursive: true });
    atomicWrite(out, body);
    r.out = path.relative(io.cwd, out);
    io.out(summary(assembled, lang) + m(lang, `Écrite dans ${path.relative(io.cwd, out)}.\n`, `Written to ${path.relative(io.cwd, out)}.\n`));
  } else if (opts.json) r.body = body;
  else io.out(body);
  return ExitCode.ok;
}

function summary(a: AssembledLetter, lang: Lang): string {
  const n = itemCount(a.model);
  const head = m(lang, `Lettre de la quinzaine ${a.periodLabel} : ${n} article(s)`, `Letter of the fortnight ${a.periodLabel}: ${n} item(s)`);
  const secs = a.model.sections.map((s) => `  – ${s.title} (${s.items.length})`).join('\n');
  return `${head}${n ? m(lang, ' :\n', ':\n') + secs : m(lang, ' (aucun article dans la file pour cette quinzaine).', ' (no item in the queue for this fortnight).')}\n`;
}

async function approve(io: Io, charter: Charter, opts: LetterOptions, a: AssembledLetter, recFile: string, recShown: string, lang: Lang, r: Report): Promise<number> {
  const who = resolveIdentity(charter, opts.as, io.env, io.cwd);
  if (!who.validator) {
    throw new LmPostError(
      'not-validator',
      { fr: '« {{id}} » n’est pas validateur·ice dans la charte : seul GR Médias (validator: true) peut approuver la lettre.', en: '"{{id}}" is not a validator in the charter: only GR Médias (validator: true) may approve the letter.' },
      { id: who.id },
      ExitCode.problems,
    );
  }
  if (!itemCount(a.model)) {
    r.status = 'empty';
    io.err(m(lang, `La lettre ${a.periodLabel} est vide : rien à approuver.\n`, `The letter ${a.periodLabel} is empty: nothing to approve.\n`));
    return ExitCode.problems;
  }
  const rec = readRecord(recFile, recShown) ?? { from: a.model.from, to: a.model.to };
  if (rec.sent) {
    Object.assign(r, { status: 'already-sent', sent: rec.sent });
    io.out(m(lang, `La lettre ${a.periodLabel} est déjà partie le ${sentAt(rec.sent.at, charter.timezone, 'fr')} : rien à approuver.\n`, `The letter ${a.periodLabel} was already sent on ${sentAt(rec.sent.at, charter.timezone, 'en')}: nothing to approve.\n`));
    return ExitCode.ok;
  }
  assertNotLetterAuthor(who, a.authors);
  const at = new Date().toISOString();
  const review = await letterReview(charter, who, a.model.from, a.digest, at, { ...(opts.key ? { key: opts.key } : {}), env: io.env, cwd: io.cwd });
  writeRecord(recFile, { ...rec, from: a.model.from, to: a.model.to, review, history: [...(rec.history ?? []), { ...review }] }, a.model.period);
  Object.assign(r, { status: 'approved', review, record: recShown });
  io.out(summary(a, lang) + m(lang, `✓ Lettre approuvée par ${who.name} (${recShown}). Toute modification d’un de ses articles annule l’approbation.\n`, `✓ Letter approved by ${who.name} (${recShown}). Any edit of one of its items voids the approval.\n`));
  return ExitCode.ok;
}

/** Why the letter may not go: unapproved, approved by someone who cannot, or changed since. */
function approvalProblem(a: AssembledLetter, recFile: string, recShown: string, charter: Charter, lang: Lang): string | undefined {
  const rec = readRecord(recFile, recShown);
  const cmd = `lm-post letter --from ${a.model.from} --to ${a.model.to} --approve --as ${m(lang, 'VALIDATEUR', 'VALIDATOR')}`;
  if (!rec?.review) return m(lang, `La lettre ${a.periodLabel} n’est pas approuvée : relisez-la (lm-post letter --from ${a.model.from} --out lettre.html) puis faites-la approuver (${cmd}).`, `The letter ${a.periodLabel} is not approved: read it (lm-post letter --from ${a.model.from} --out letter.html), then have it approved (${cmd}).`);
  const by = charter.people.find((p) => p.id === rec.review!.by);
  if (!by?.validator) return m(lang, `« ${rec.review.by} » n’est pas validateur·ice : cette approbation ne compte pas (${cmd}).`, `"${rec.review.by}" is not a validator: this approval does not count (${cmd}).`);
  const forged = letterSignatureProblem(charter, rec.review, a.model.from, a.authors, lang, cmd);
  if (forged) return forged;
  if (rec.review.digest !== a.digest) return m(lang, `La lettre a changé depuis l’approbation de ${by.name} (un article, une image ou un gabarit) : elle doit être approuvée de nouveau (${cmd}).`, `The letter changed since ${by.name} approved it (an item, an image or a template): it must be approved again (${cmd}).`);
  return undefined;
}

async function send(io: Io, charter: Charter, opts: LetterOptions, a: AssembledLetter, recFile: string, recShown: string, lang: Lang, queueDir: string, r: Report): Promise<number> {
  const sandbox = opts.sandbox ?? false;
  const stateDir = stateDirFor(queueDir, sandbox);
  const mailbox = path.join(stateDirFor(queueDir, true), 'smtp');
  const receiptFile = sandboxReceiptPath(stateDir, a.model.from);
  const readReceipt = (): LetterReceipt | undefined => (sandbox ? readSandboxReceipt(receiptFile) : readRecord(recFile, recShown)?.sent);
  const writeReceipt = (r: LetterReceipt) => {
    if (sandbox) writeSandboxReceipt(receiptFile, r);
    else {
      const rec = readRecord(recFile, recShown) ?? { from: a.model.from, to: a.model.to };
      writeRecord(recFile, { ...rec, sent: r }, a.model.period);
    }
  };
  const secrets = secretValues(io.env);
  const env = io.env;
  const e = envelopeOf(a, env, sandbox ? 'membres@sandbox.invalid' : undefined);
  const journal = letterJournal(path.join(stateDir, 'journal'), a.model.from);

  if (opts.resolve) {
    const st = sendState(journal);
    if (st.kind !== 'unknown' && st.kind !== 'needs-human') {
      r.status = 'nothing-to-settle';
      io.out(m(lang, 'Rien à trancher : aucun envoi de cette lettre n’a une issue inconnue.\n', 'Nothing to settle: no send of this letter has an unknown outcome.\n'));
      return ExitCode.ok;
    }
    const at = new Date().toISOString();
    const id = st.messageId ?? e.messageId;
    if (opts.resolve === 'sent') {
      journal.append({ t: 'created', network: LETTER_LANE, item: 0, id, url: '', at, key: id, how: 'resolved' });
      writeReceipt({ message_id: id, at, to: e.to });
      journal.append({ t: 'receipt', network: LETTER_LANE, at });
      Object.assign(r, { status: 'resolved', outcome: 'sent', message_id: id });
      io.out(m(lang, `Noté : la lettre ${a.periodLabel} est partie (${id}).\n`, `Noted: the letter ${a.periodLabel} was sent (${id}).\n`));
    } else {
      journal.append({ t: 'not-created', network: LETTER_LANE, item: 0, at, how: 'resolved' });
      Object.assign(r, { status: 'resolved', outcome: 'not-sent' });
      io.out(m(lang, `Noté : la lettre ${a.periodLabel} n’est pas partie ; le prochain « lm-post letter --send » l’enverra.\n`, `Noted: the letter ${a.periodLabel} was not sent; the next "lm-post letter --send" will send it.\n`));
    }
    return ExitCode.ok;
  }

  if (!itemCount(a.model)) {
    r.status = 'empty';
    io.out(m(lang, `La lettre ${a.periodLabel} est vide : rien à envoyer.\n`, `The letter ${a.periodLabel} is empty: nothing to send.\n`));
    return ExitCode.ok;
  }
  const problem = approvalProblem(a, recFile, recShown, charter, lang);
  if (opts.dryRun) {
    const text = renderText(a);
    const html = await renderHtml(a, 'cid');
    const att = mailOptions(a, e, { html, text }).attachments as { filename: string; cid: string }[];
    Object.assign(r, {
      status: 'dry-run',
      ...(problem ? { problem } : {}),
      envelope: { from: e.from, to: e.to, subject: e.subject, message_id: e.messageId },
      parts: { text: Buffer.byteLength(text), html: Buffer.byteLength(html), attachments: att.map((x) => ({ filename: x.filename, cid: x.cid })) },
    });
    io.out(
      m(lang, 'Simulation (--dry-run) : rien n’est envoyé ni écrit.\n', 'Dry run (--dry-run): nothing is sent or written.\n') +
        (problem ? m(lang, `⚠ ${problem}\n`, `⚠ ${problem}\n`) : '') +
        `From: ${e.from}\nTo: ${e.to || m(lang, '(LM_POST_LETTER_TO non défini)', '(LM_POST_LETTER_TO not set)')}\nSubject: ${e.subject}\nMessage-ID: ${e.messageId}\nList-Unsubscribe: <${a.model.footer.unsubscribe}>\n` +
        `${m(lang, 'Parties', 'Parts')}: text/plain (${Buffer.byteLength(text)} o), text/html (${Buffer.byteLength(html)} o)${att.length ? ', ' + att.map((x) => `${x.filename} <${x.cid}>`).join(', ') : ''}\n\n` +
        text,
    );
    return ExitCode.ok;
  }
  const done = readReceipt();
  if (done) {
    Object.assign(r, { status: 'already-sent', sent: done });
    io.out(m(lang, `La lettre ${a.periodLabel} est déjà partie le ${sentAt(done.at, charter.timezone, 'fr')} (${done.message_id}) : rien n’est renvoyé.\n`, `The letter ${a.periodLabel} was already sent on ${sentAt(done.at, charter.timezone, 'en')} (${done.message_id}): nothing is sent again.\n`));
    return ExitCode.ok;
  }
  if (problem) {
    Object.assign(r, { status: 'not-approved', problem });
    io.err(problem + '\n');
    return ExitCode.problems;
  }
  if (!sandbox) {
    const missing = ['LM_POST_SMTP_URL', 'LM_POST_LETTER_TO'].filter((k) => !env[k]);
    if (missing.length) {
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
  }
  const release = await acquirePublishLock(stateDir);
  let server: { url: string; close(): Promise<void> } | undefined;
  let transport: Transport | undefined;
  try {
    // Settle what an earlier run left open before anything is sent.
    let st = sendState(journal);
    if (st.kind === 'unknown' && sandbox) {
      const { sandboxHasMessage } = await import('../sandbox/smtp.js');
      const at = new Date().toISOString();
      if (sandboxHasMessage(mailbox, st.messageId)) journal.append({ t: 'created', network: LETTER_LANE, item: 0, id: st.messageId, url: '', at, key: st.messageId, how: 'reconciled' });
      else journal.append({ t: 'not-created', network: LETTER_LANE, item: 0, at, how: 'reconciled' });
      st = sendState(journal);
    } else if (st.kind === 'unknown') {
      journal.append({ t: 'needs-human', network: LETTER_LANE, item: 0, at: new Date().toISOString(), reason: 'smtp-no-read-back' });
      st = sendState(journal);
    }
    if (st.kind === 'needs-human') {
      Object.assign(r, { status: 'needs-human', message_id: st.messageId ?? e.messageId, commands: ['sent', 'not-sent'].map((o) => `lm-post letter --from ${a.model.from} --to ${a.model.to} --resolve ${o}`) });
      io.err(
        m(
          lang,
          `⚠ Un envoi précédent de la lettre ${a.periodLabel} a été interrompu et SMTP ne permet pas de savoir s’il est arrivé : rien n’est renvoyé.\n  Cherchez le message ${st.messageId ?? e.messageId} dans la boîte de ${e.to || 'LM_POST_LETTER_TO'} ou les journaux du serveur, puis :\n  lm-post letter --from ${a.model.from} --to ${a.model.to} --resolve sent      (il est arrivé)\n  lm-post letter --from ${a.model.from} --to ${a.model.to} --resolve not-sent  (il n’est pas arrivé : le prochain --send l’enverra)\n`,
          `⚠ An earlier send of the letter ${a.periodLabel} was interrupted and SMTP cannot tell whether it arrived: nothing is sent again.\n  Look for message ${st.messageId ?? e.messageId} in the mailbox of ${e.to || 'LM_POST_LETTER_TO'} or the server's logs, then:\n  lm-post letter --from ${a.model.from} --to ${a.model.to} --resolve sent      (it arrived)\n  lm-post letter --from ${a.model.from} --to ${a.model.to} --resolve not-sent  (it did not: the next --send sends it)\n`,
        ),
      );
      return ExitCode.needsHuman;
    }
    if (st.kind === 'sent') {
      const at = new Date().toISOString();
      writeReceipt({ message_id: st.messageId, at, to: e.to });
      journal.append({ t: 'receipt', network: LETTER_LANE, at });
      Object.assign(r, { status: 'already-sent', message_id: st.messageId });
      io.out(m(lang, `La lettre ${a.periodLabel} était déjà partie (${st.messageId}) : reçu écrit, rien n’est renvoyé.\n`, `The letter ${a.periodLabel} had already been sent (${st.messageId}): receipt written, nothing sent again.\n`));
      return ExitCode.ok;
    }
    const html = await renderHtml(a, 'cid');
    const text = renderText(a);
    let url = env.LM_POST_SMTP_URL ?? '';
    if (sandbox) {
      const { startSmtpSandbox } = await import('../sandbox/smtp.js');
      // Training and tests: a slow sandbox server (before or after it keeps the message) lets one
      // interrupt a send at a chosen moment and watch the next run settle it.
      const delay = Number(env.LM_POST_SANDBOX_SMTP_DELAY_MS ?? 0);
      const when = env.LM_POST_SANDBOX_SMTP_DELAY_WHEN === 'before-store' ? ('before-store' as const) : ('after-store' as const);
      server = await startSmtpSandbox({ dir: mailbox, ...(delay > 0 ? { delay: { ms: delay, when } } : {}) });
      url = server.url;
    }
    transport = await smtpTransport(url);
    const attempt = journal.entries().filter((x) => x.t === 'intent').length + 1;
    // The intent is on disk before the first byte goes to the relay: whatever happens next, a later run knows.
    journal.append({ t: 'intent', network: LETTER_LANE, item: 0, key: e.messageId, at: new Date().toISOString(), attempt });
    io.out(m(lang, `Envoi de la lettre ${a.periodLabel} à ${e.to}${sandbox ? ' (bac à sable)' : ''}…\n`, `Sending the letter ${a.periodLabel} to ${e.to}${sandbox ? ' (sandbox)' : ''}…\n`));
    try {
      await transport.sendMail(mailOptions(a, e, { html, text }));
    } catch (err) {
      const message = redact(String((err as Error).message ?? err), secrets);
      const at = new Date().toISOString();
      if (definitelyNotSent(err)) {
        journal.append({ t: 'failed', network: LETTER_LANE, item: 0, at, kind: 'refused', message });
        Object.assign(r, { status: 'refused', error: message });
        io.err(m(lang, `✗ Le serveur SMTP a refusé la lettre : ${message}\n`, `✗ The SMTP server refused the letter: ${message}\n`));
        return ExitCode.problems;
      }
      journal.append({ t: 'needs-human', network: LETTER_LANE, item: 0, at, reason: 'smtp-unknown-outcome' });
      Object.assign(r, { status: 'needs-human', message_id: e.messageId, error: message, commands: ['sent', 'not-sent'].map((o) => `lm-post letter --from ${a.model.from} --resolve ${o}`) });
      io.err(m(lang, `⚠ Issue inconnue de l’envoi (${message}) : vérifiez la boîte de ${e.to} (message ${e.messageId}) puis « lm-post letter --from ${a.model.from} --resolve sent|not-sent ».\n`, `⚠ Unknown outcome of the send (${message}): check the mailbox of ${e.to} (message ${e.messageId}), then "lm-post letter --from ${a.model.from} --resolve sent|not-sent".\n`));
      return ExitCode.needsHuman;
    }
    const at = new Date().toISOString();
    journal.append({ t: 'created', network: LETTER_LANE, item: 0, id: e.messageId, url: '', at, key: e.messageId, how: 'response' });
    writeReceipt({ message_id: e.messageId, at, to: e.to });
    journal.append({ t: 'receipt', network: LETTER_LANE, at });
    Object.assign(r, { status: 'sent', message_id: e.messageId, at, receipt: sandbox ? path.relative(io.cwd, mailbox) : recShown });
    io.out(
      m(lang, `✓ Lettre envoyée (${e.messageId}).`, `✓ Letter sent (${e.messageId}).`) +
        (sandbox ? m(lang, ` Reçue par le bac à sable : ${path.relative(io.cwd, mailbox)}/\n`, ` Received by the sandbox: ${path.relative(io.cwd, mailbox)}/\n`) : m(lang, ` Reçu : ${recShown}\n`, ` Receipt: ${recShown}\n`)),
    );
    return ExitCode.ok;
  } finally {
    transport?.close();
    await server?.close();
    await release();
  }
}

/** When a letter went out, as a person reads it (the journal keeps the ISO time). */
function sentAt(iso: string, tz: string, lang: 'fr' | 'en'): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : formatDateTime(d, tz, lang);
}
