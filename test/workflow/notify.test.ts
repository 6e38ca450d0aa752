// lm-post notify (SPEC §17, issue 18) against the sandbox SMTP server over loopback (the real
// nodemailer client and smtp-server): one email per person, French text + HTML with the post
// content escaped, each notice once; a dead or hanging server ends in time and nothing is sent twice.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sandboxMessages, startSmtpSandbox } from '../../src/sandbox/smtp.js';
import { readPost } from '../../src/post/read.js';
import { fileReceipts } from '../../src/publish/receipts.js';
import { crashSigns } from '../helpers/cli.js';
import { makeWorkspace, Q, type Workspace } from '../helpers/publish-env.js';

const MONDAY = { LM_POST_NOW: '2026-12-07T09:00:00+01:00' };

let ws: Workspace | undefined;
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  ws?.remove();
  ws = undefined;
  for (const c of closers.splice(0)) await c();
});

/** Dominique, Inès and Malik have an address; Sacha has none. A small X budget (0,25 $ a month). */
function workspace(): Workspace {
  const w = makeWorkspace([Q.veilleBudget, Q.relais, Q.veillePanorama], {
    // Post content that must be escaped in the HTML part.
    [Q.veilleBudget]: (t) => t.replace(/^text: \|\n {2}/m, 'text: |\n  <b>Budget</b> & « ESS » '),
  });
  const charter = path.join(w.root, 'charter/charter.yaml');
  writeFileSync(
    charter,
    readFileSync(charter, 'utf8')
      .replace(/\{ id: dominique, name: ([^,]+),/, '{ id: dominique, name: $1, email: "dominique@example.org",')
      .replace(/\{ id: ines, name: ([^,]+),/, '{ id: ines, name: $1, email: "ines@example.org",')
      .replace(/\{ id: malik, name: ([^,]+),/, '{ id: malik, name: $1, email: "malik@example.org",')
      .replace('label: "X (Twitter)"\n', 'label: "X (Twitter)"\n    monthly_budget: 0.25\n'),
  );
  return w;
}

async function smtp() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lm-post-notify-smtp-'));
  const server = await startSmtpSandbox({ dir });
  closers.push(() => server.close());
  return { dir, url: server.url };
}

describe('lm-post notify', () => {
  it('emails a validator the posts that wait, an author their post sent back; a second run sends nothing', async () => {
    ws = workspace();
    const back = await ws.cli(['request-changes', Q.relais, '--as', 'dominique', '--note', 'Ajoutez la date <limite>'], MONDAY);
    expect(back.code, back.stdout + back.stderr).toBe(0);
    // Malik's post went out (its receipts written by the store publish uses).
    const post = readPost(ws.file(Q.veillePanorama), ws.root);
    await fileReceipts.set(post, 'twitter', { id: '1', url: 'https://x.com/locauxmotiv/status/1', at: '2026-12-03T08:30:05+01:00' });
    await fileReceipts.set(post, 'mastodon', { id: '2', url: 'https://mastodon.example/@locauxmotiv/2', at: '2026-12-03T08:30:06+01:00' });
    const { dir, url } = await smtp();
    const env = { ...MONDAY, LM_POST_SMTP_URL: url };
    const dry = await ws.cli(['prevenir', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('To: Dominique <dominique@example.org>');
    expect(sandboxMessages(dir)).toEqual([]);

    const first = await ws.cli(['notify'], env);
    expect(crashSigns(first)).toEqual([]);
    expect(first.code, first.stderr).toBe(0);
    // Sacha has no address: named once, skipped.
    expect(first.stderr.match(/Sacha \(sacha\) n’a pas d’adresse e-mail/g)).toHaveLength(1);
    const msgs = sandboxMessages(dir).map((m) => m.raw);
    expect(msgs).toHaveLength(3);
    const toDominique = msgs.find((m) => /X-Sandbox-Envelope-To: dominique@example\.org/.test(m))!;
    const toInes = msgs.find((m) => /X-Sandbox-Envelope-To: ines@example\.org/.test(m))!;
    expect(toDominique).toBeDefined();
    expect(toInes).toBeDefined();
    for (const m of msgs) {
      expect(m).toMatch(/Content-Type: multipart\/alternative/);
      expect(m).toMatch(/Content-Type: text\/plain; charset=utf-8/);
      expect(m).toMatch(/Content-Type: text\/html; charset=utf-8/);
    }
    const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    const dom = Buffer.from(decoded(toDominique), 'latin1').toString('utf8');
    expect(dom).toContain(`À relire : ${Q.veilleBudget}`);
    expect(dom).toContain(`lm-post review ${Q.veilleBudget}`);
    // The HTML part escapes the post's own markup.
    expect(dom).toContain('&lt;b&gt;Budget&lt;/b&gt; &amp; « ESS »');
    expect(dom).not.toContain('<b>Budget</b> &amp;');
    // The validators' group: the X budget nearly spent and the letter due.
    expect(dom).toContain('Budget X du mois 2026-12 presque épuisé');
    expect(dom).toContain('La lettre de la quinzaine du 2026-11-30 est à envoyer');
    const ine = Buffer.from(decoded(toInes), 'latin1').toString('utf8');
    expect(ine).toContain(`Modifications demandées par dominique : ${Q.relais}`);
    expect(ine).toContain('&lt;limite&gt;');
    // The author hears their post was published, with its links.
    const mal = Buffer.from(decoded(msgs.find((m) => /X-Sandbox-Envelope-To: malik@example\.org/.test(m))!), 'latin1').toString('utf8');
    expect(mal).toContain(`Publié : ${Q.veillePanorama}`);
    expect(mal).toContain('<a href="https://x.com/locauxmotiv/status/1">');

    const second = await ws.cli(['notify'], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain('Rien de nouveau à signaler');
    expect(sandboxMessages(dir)).toHaveLength(3);
  });

  it('a dead server and a hanging one end within the deadline and record nothing as sent; the next run sends once', async () => {
    ws = workspace();
    // A port where nobody listens.
    const dead = net.createServer();
    await new Promise<void>((r) => dead.listen(0, '127.0.0.1', () => r()));
    const deadPort = (dead.address() as net.AddressInfo).port;
    await new Promise<void>((r) => dead.close(() => r()));
    // A server that accepts and never says a word.
    const sockets: net.Socket[] = [];
    const hang = net.createServer((s) => sockets.push(s));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', () => r()));
    closers.push(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); hang.close(() => r()); }));
    const hangPort = (hang.address() as net.AddressInfo).port;

    const t0 = Date.now();
    const d = await ws.cli(['notify', '--timeout', '3'], { ...MONDAY, LM_POST_SMTP_URL: `smtp://u:s3cret-pw@127.0.0.1:${deadPort}` });
    expect(crashSigns(d)).toEqual([]);
    expect(d.code).toBe(1);
    expect(d.stderr).toContain('il sera retenté au prochain passage');
    expect(d.stderr + d.stdout).not.toContain('s3cret-pw');
    const h = await ws.cli(['notify', '--timeout', '2'], { ...MONDAY, LM_POST_SMTP_URL: `smtp://127.0.0.1:${hangPort}` });
    expect(crashSigns(h)).toEqual([]);
    expect(h.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(15_000);

    const { dir, url } = await smtp();
    const ok = await ws.cli(['notify'], { ...MONDAY, LM_POST_SMTP_URL: url });
    expect(ok.code, ok.stderr).toBe(0);
    const sent = sandboxMessages(dir).length;
    expect(sent).toBeGreaterThan(0);
    const again = await ws.cli(['notify'], { ...MONDAY, LM_POST_SMTP_URL: url });
    expect(again.stdout).toContain('Rien de nouveau');
    expect(sandboxMessages(dir)).toHaveLength(sent);
  });
});
