// lm-post letter: assemble the fortnight's letter (html | text | mjml), approve it as a whole,
// send it exactly once (SPEC §14). Thin: the work is in src/letter/.
import path from 'node:path';
import { currentTime } from '../util/clock.js';
import { loadContext } from '../cli/context.js';
import { colorEnabled, type GlobalOptions, type Io } from '../cli/io.js';
import type { Charter } from '../charter/types.js';
import { ExitCode, LmPostError } from '../errors.js';
import { FORMATTERS } from '../format/index.js';
import type { Lang } from '../i18n/index.js';
import { type AssembledLetter, assembleLetter, itemCount, letterConfig } from '../letter/assemble.js';
import { letterPeriod } from '../letter/period.js';
import { readRecord, recordPath, writeRecord } from '../letter/record.js';
import { renderHtml, renderMjml, renderText } from '../letter/render.js';
import { letterChannel, resolveLetter, sendLetter } from '../letter/run.js';
import { type Envelope, mailOptions } from '../letter/send.js';
import { formatResolution, formatSend, letterReport, sentAt, summary } from '../format/letter.js';
import { validatorsLabel } from '../charter/validators.js';
import { writeOut } from '../util/out-file.js';
import { refuseSelfApproval } from '../letter/self-approval.js';
import { leftOutText } from '../letter/left-out.js';
import { approvalProblem } from '../letter/approval.js';
import { refuseLeakyDebugSwitches } from '../publish/credentials.js';
import { resolveIdentity } from '../publish/identity.js';
import { letterReview } from '../review/letter.js';

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
  strict?: boolean;
}

/** What --json prints: the letter's period and items, what was done (status) and its details. */
type Report = Record<string, unknown>;

const m = (lang: Lang, fr: string, en: string) => (lang === 'fr' ? fr : en);

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
  const assembled = await assembleLetter({ charter, queueDir: ctx.queueDir, cwd: io.cwd, lang, period, now, strict: opts.strict ?? false });
  const withProblems = assembled.results.filter((r) => r.messages.length);
  if (withProblems.length) io.err(FORMATTERS.stylish(withProblems, { lang, color: colorEnabled(io) }));
  io.err(leftOutText(assembled.leftOut, lang));
  r.left_out = assembled.leftOut;
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
    const out = writeOut(io.cwd, opts.out, body);
    r.out = path.relative(io.cwd, out);
    io.out(summary(assembled, lang) + m(lang, `Écrite dans ${path.relative(io.cwd, out)}.\n`, `Written to ${path.relative(io.cwd, out)}.\n`));
  } else if (opts.json) r.body = body;
  else io.out(body);
  return ExitCode.ok;
}

async function approve(io: Io, charter: Charter, opts: LetterOptions, a: AssembledLetter, recFile: string, recShown: string, lang: Lang, r: Report): Promise<number> {
  const who = resolveIdentity(charter, opts.as, io.env, io.cwd);
  if (!who.validator) {
    throw new LmPostError(
      'not-validator',
      { fr: '« {{id}} » n’est pas validateur·ice dans la charte : seules les personnes validatrices ({{validators}}, validator: true) peuvent approuver la lettre.', en: '"{{id}}" is not a validator in the charter: only validators ({{validators}}, validator: true) may approve the letter.' },
      { id: who.id, validators: validatorsLabel(charter) },
      ExitCode.problems,
    );
  }
  refuseSelfApproval(a, who.id, lang);
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
  const at = new Date().toISOString();
  const review = await letterReview(charter, who, a.model.from, a.digest, at, { ...(opts.key ? { key: opts.key } : {}), env: io.env, cwd: io.cwd });
  writeRecord(recFile, { ...rec, from: a.model.from, to: a.model.to, review, history: [...(rec.history ?? []), { ...review }] }, a.model.period, charter.timezone);
  Object.assign(r, { status: 'approved', review, record: recShown });
  io.out(summary(a, lang) + m(lang, `✓ Lettre approuvée par ${who.name} (${recShown}). Toute modification d’un de ses articles annule l’approbation.\n`, `✓ Letter approved by ${who.name} (${recShown}). Any edit of one of its items voids the approval.\n`));
  return ExitCode.ok;
}

async function send(io: Io, charter: Charter, opts: LetterOptions, a: AssembledLetter, recFile: string, recShown: string, lang: Lang, queueDir: string, r: Report): Promise<number> {
  const sandbox = opts.sandbox ?? false;
  const ch = letterChannel({ letter: a, queueDir, recordFile: recFile, recordShown: recShown, sandbox, env: io.env, timeZone: charter.timezone });
  const e = ch.envelope;
  if (opts.resolve) {
    const res = resolveLetter(ch, opts.resolve);
    Object.assign(r, res.status === 'resolved' ? { status: 'resolved', outcome: res.outcome, ...(res.outcome === 'sent' ? { message_id: res.messageId } : {}) } : { status: res.status });
    io.out(formatResolution(res, a, lang));
    return ExitCode.ok;
  }
  if (!itemCount(a.model)) {
    r.status = 'empty';
    io.out(m(lang, `La lettre ${a.periodLabel} est vide : rien à envoyer.\n`, `The letter ${a.periodLabel} is empty: nothing to send.\n`));
    return ExitCode.ok;
  }
  const problem = approvalProblem(a, recFile, recShown, charter, lang);
  if (opts.dryRun) return dryRun(io, a, e, problem, lang, r);
  const done = ch.readReceipt();
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
  const res = await sendLetter(ch, (ev) => {
    if (ev.type === 'lane-started') io.out(m(lang, `Envoi de la lettre ${a.periodLabel} à ${e.to}${sandbox ? ' (bac à sable)' : ''}…\n`, `Sending the letter ${a.periodLabel} to ${e.to}${sandbox ? ' (sandbox)' : ''}…\n`));
  });
  const mailbox = path.relative(io.cwd, ch.mailbox);
  Object.assign(r, letterReport(res, a, sandbox ? mailbox : recShown));
  const said = formatSend(res, a, e, lang, sandbox ? { mailbox } : { receipt: recShown });
  if (res.status === 'sent' || res.status === 'receipt-restored') io.out(said);
  else io.err(said);
  return res.status === 'needs-human' ? ExitCode.needsHuman : res.status === 'refused' ? ExitCode.problems : ExitCode.ok;
}

async function dryRun(io: Io, a: AssembledLetter, e: Envelope, problem: string | undefined, lang: Lang, r: Report): Promise<number> {
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
