// lm-post letter --send: approval as a whole, exactly one message per fortnight (sandbox and a
// real SMTP server on loopback), SIGKILL mid-send, the unknown outcome of real SMTP.
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { startSmtpSandbox } from '../../src/sandbox/smtp.js';
import { BIN, cleanEnv, crashSigns } from '../helpers/cli.js';
import { spawn } from 'node:child_process';
import { approveInProcess, emlFiles, approveSocialPosts, exampleWorkspace, FORTNIGHT, waitFor, type Ws } from './helpers.js';

const mailbox = (ws: Ws) => path.join(ws.root, '.lm-post', 'sandbox', 'smtp');
const journalOf = (ws: Ws, sandbox: boolean) => path.join(ws.root, '.lm-post', ...(sandbox ? ['sandbox'] : []), 'journal', 'letter-2026-11-30.jsonl');

function startCli(ws: Ws, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ws.root, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (b: Buffer) => (out += b));
  child.stderr.on('data', (b: Buffer) => (out += b));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out })));
  return { child, done };
}

async function approved(ws: Ws): Promise<void> {
  const r = await ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'sacha']);
  expect(r.code, r.stdout + r.stderr).toBe(0);
}

describe('lm-post letter --send', () => {
  it('refuses an unapproved letter, an approval by a non-validator, and a letter changed since its approval', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    const [unapproved, notValidator] = await Promise.all([
      ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']),
      // Only a validator approves; the approval is a file in the queue, bound to the digest.
      ws.run(['letter', ...FORTNIGHT, '--approve', '--as', 'camille']),
    ]);
    expect(unapproved.code).toBe(1);
    expect(unapproved.stderr).toMatch(/n’est pas approuvée/);
    expect(emlFiles(mailbox(ws))).toEqual([]);
    expect(notValidator.code).toBe(1);
    // The validators are named by the charter's own group label, not by a name written in the code.
    expect(notValidator.stderr).toContain('« camille » n’est pas validateur·ice dans la charte : seules les personnes validatrices (GR Médias, validator: true) peuvent approuver la lettre.');
    await approved(ws);
    const rec = YAML.parse(readFileSync(path.join(ws.queue, 'letters', '2026-11-30.yaml'), 'utf8'));
    expect(rec).toMatchObject({ from: '2026-11-30', to: '2026-12-13', review: { state: 'approved', by: 'sacha', digest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/) } });

    // An edit of any item voids it.
    const item = path.join(ws.queue, '2026-12-10-petit-rdv-repas-partage.yaml');
    const before = readFileSync(item, 'utf8');
    writeFileSync(item, before.replace('Pensez aux bocaux', 'Pensez bien aux bocaux'));
    const changed = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
    expect(changed.code).toBe(1);
    expect(changed.stderr).toMatch(/a changé depuis l’approbation/);
    expect(emlFiles(mailbox(ws))).toEqual([]);
  }, 60_000);

  it('--sandbox delivers one multipart message (html, text, inline images); --dry-run prints it; a second run sends nothing', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveSocialPosts(ws);
    await approveInProcess(ws);

    const dry = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox', '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^Subject: La Quinzaine de Locaux Motiv' — du lundi 30 novembre au dimanche 13 décembre 2026$/m);
    expect(dry.stdout).toMatch(/^Message-ID: <letter-2026-11-30\.[0-9a-f]{16}@locauxmotiv\.fr>$/m);
    expect(existsSync(mailbox(ws))).toBe(false);

    const first = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
    expect(crashSigns(first)).toEqual([]);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const files = emlFiles(mailbox(ws));
    expect(files).toHaveLength(1);
    // keepCidLinks: see the HTML as sent (mailparser would otherwise inline the images).
    const mail = await simpleParser(readFileSync(files[0]!), { keepCidLinks: true });
    expect(mail.subject).toBe("La Quinzaine de Locaux Motiv' — du lundi 30 novembre au dimanche 13 décembre 2026");
    expect(mail.messageId).toMatch(/^<letter-2026-11-30\./);
    expect(mail.html).toMatch(/<h2 id="jeudiwe-mardipro"/);
    expect(mail.text).toMatch(/jeudi 3 décembre de 19 h à 21 h/);
    // The images travel as inline parts referenced by cid: from the HTML.
    const cids = mail.attachments.map((a) => a.cid);
    expect(cids.length).toBe(4);
    for (const cid of cids) expect(mail.html).toContain(`cid:${cid}`);
    const raw = readFileSync(files[0]!, 'utf8');
    expect(raw).toMatch(/Content-Type: multipart\/alternative/i);
    expect(raw).toMatch(/Content-Type: text\/plain/i);
    expect(raw).toMatch(/Content-Type: text\/html/i);
    expect(raw).toMatch(/^List-Unsubscribe: <https:\/\/locauxmotiv\.fr\/lettre\/desinscription>/m);

    const second = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/déjà partie/);
    expect(emlFiles(mailbox(ws))).toHaveLength(1);
    // Sandbox receipts never mark the real letter as sent.
    expect(YAML.parse(readFileSync(path.join(ws.queue, 'letters', '2026-11-30.yaml'), 'utf8')).sent).toBeUndefined();
  }, 60_000);

  it.for(['after-store', 'before-store'] as const)('SIGKILL while sending (sandbox server delayed %s): the rerun gives exactly one message', { timeout: 60_000 }, async (when, { onTestFinished }) => {
    {
      const ws = exampleWorkspace(onTestFinished);
      await approveInProcess(ws);
      const run = startCli(ws, ['letter', ...FORTNIGHT, '--send', '--sandbox'], { LM_POST_SANDBOX_SMTP_DELAY_MS: '20000', LM_POST_SANDBOX_SMTP_DELAY_WHEN: when });
      try {
        if (when === 'after-store') await waitFor(() => emlFiles(mailbox(ws)).length === 1, 20_000, 'the message kept by the sandbox');
        else await waitFor(() => existsSync(journalOf(ws, true)) && readFileSync(journalOf(ws, true), 'utf8').includes('"intent"'), 20_000, 'the intent');
      } finally {
        run.child.kill('SIGKILL');
      }
      const killed = await run.done;
      expect(killed.signal, killed.out).toBe('SIGKILL');
      expect(emlFiles(mailbox(ws))).toHaveLength(when === 'after-store' ? 1 : 0);
      // The dead run's lock goes stale after 15 s; age it so the rerun can go.
      const lock = path.join(ws.root, '.lm-post', 'sandbox', 'publish.lock');
      if (existsSync(lock)) utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
      const rerun = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
      expect(rerun.code, rerun.stdout + rerun.stderr).toBe(0);
      // The sandbox is asked: found → settled without re-sending; not found → sent now.
      expect(rerun.stdout).toMatch(when === 'after-store' ? /était déjà partie/ : /✓ Lettre envoyée/);
      expect(emlFiles(mailbox(ws)), when).toHaveLength(1);
      const again = await ws.run(['letter', ...FORTNIGHT, '--send', '--sandbox']);
      expect(again.code).toBe(0);
      expect(emlFiles(mailbox(ws)), when).toHaveLength(1);
    }
  });

  it('real SMTP (a loopback server): one message, receipt in the queue; killed mid-send, the outcome is unknown, so nothing is re-sent until a human settles it; the password is never shown', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveInProcess(ws);
    const dir = path.join(ws.root, 'relay');
    const server = await startSmtpSandbox({ dir, delay: { ms: 20_000, when: 'after-store' } });
    onTestFinished(() => server.close());
    const env = { LM_POST_SMTP_URL: `smtp://lettre:S3cret-pass%21@127.0.0.1:${server.port}`, LM_POST_LETTER_TO: 'membres@example.org' };

    const run = startCli(ws, ['letter', ...FORTNIGHT, '--send'], env);
    try {
      await waitFor(() => emlFiles(dir).length === 1, 20_000, 'the relay to keep the message');
    } finally {
      run.child.kill('SIGKILL');
    }
    await run.done;
    const lock = path.join(ws.root, '.lm-post', 'publish.lock');
    if (existsSync(lock)) utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    const rerun = await ws.run(['letter', ...FORTNIGHT, '--send'], { env });
    expect(rerun.code, rerun.stdout + rerun.stderr).toBe(3);
    expect(rerun.stderr).toMatch(/SMTP ne permet pas de savoir/);
    expect(rerun.stderr).toMatch(/--resolve sent/);
    expect(emlFiles(dir)).toHaveLength(1);
    const settled = await ws.run(['letter', ...FORTNIGHT, '--resolve', 'sent'], { env });
    expect(settled.code, settled.stderr).toBe(0);
    const after = await ws.run(['letter', ...FORTNIGHT, '--send'], { env });
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/déjà partie/);
    expect(emlFiles(dir)).toHaveLength(1);
    const rec = YAML.parse(readFileSync(path.join(ws.queue, 'letters', '2026-11-30.yaml'), 'utf8'));
    expect(rec.sent).toMatchObject({ message_id: expect.stringMatching(/^<letter-2026-11-30\./), to: 'membres@example.org' });
    // SPEC §17: the record's times are in the charter's zone (Europe/Paris), as post reviews are.
    expect(rec.sent.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$/);
    for (const r of [rerun, settled, after]) {
      expect(r.stdout + r.stderr).not.toContain('S3cret');
    }
    expect(readFileSync(journalOf(ws, false), 'utf8')).not.toContain('S3cret');
  }, 60_000);

  it('real SMTP without a crash: one message, a second run sends nothing', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    await approveInProcess(ws);
    const dir = path.join(ws.root, 'relay');
    const server = await startSmtpSandbox({ dir });
    onTestFinished(() => server.close());
    const env = { LM_POST_SMTP_URL: server.url, LM_POST_LETTER_TO: 'membres@example.org', LM_POST_LETTER_FROM: 'GR Médias <medias@locauxmotiv.fr>' };
    const first = await ws.run(['letter', ...FORTNIGHT, '--send'], { env });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const second = await ws.run(['letter', ...FORTNIGHT, '--send'], { env });
    expect(second.code).toBe(0);
    const files = emlFiles(dir);
    expect(files).toHaveLength(1);
    const mail = await simpleParser(readFileSync(files[0]!));
    expect(mail.from?.text).toContain('medias@locauxmotiv.fr');
    expect(readFileSync(files[0]!, 'utf8')).toMatch(/^X-Sandbox-Envelope-To: membres@example\.org/m);
  }, 60_000);
});
