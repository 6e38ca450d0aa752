// SPEC §17 (issue 18): the queue as time passes — events that end, reschedule, withdraw, archive.
// Whole-CLI runs on copies of the example queue; publishing goes to the sandbox emulators over
// loopback HTTP with the real SDKs, receipts written into the post files.
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { acquirePublishLock } from '../../src/publish/lock.js';
import { recordPath, writeRecord } from '../../src/letter/record.js';
import { crashSigns } from '../helpers/cli.js';
import { compose, hoursAgo, makeWorkspace, posts, Q, sandboxEnv, setPublishAt, type Workspace } from '../helpers/publish-env.js';

const MONDAY = { LM_POST_NOW: '2026-12-07T09:00:00+01:00' };

let ws: Workspace | undefined;
let sb: Sandbox;
beforeAll(async () => {
  sb = await startSandbox();
});
afterAll(async () => {
  await sb.close();
});
afterEach(() => {
  ws?.remove();
  ws = undefined;
});

describe('events end (event-dates, SPEC §17)', () => {
  it('a presence whose event ended yesterday is an error at check and is refused by approve', async () => {
    ws = makeWorkspace([Q.presence]);
    const env = { LM_POST_NOW: '2026-12-06T09:00:00+01:00' };
    const [check, approve] = await Promise.all([ws.cli(['check', '--format', 'json'], env), ws.cli(['approve', Q.presence, '--as', 'dominique'], env)]);
    expect(check.code, check.stderr).toBe(1);
    const msgs = (JSON.parse(check.stdout) as { messages: { ruleId: string; messageId: string; line: number; severity: number }[] }[])[0]!.messages;
    expect(msgs).toContainEqual(expect.objectContaining({ ruleId: 'event-dates', messageId: 'eventOver', line: 10, severity: 2 }));
    expect(approve.code).toBe(1);
    expect(approve.stdout).toContain('non approuvé : 1 erreur(s)');
    expect(approve.stdout).toContain('L’événement est fini (samedi 5 décembre 2026 à 18:00 (Europe/Paris))');
    expect(ws.read(Q.presence)).not.toContain('review:');
  });
});

describe('a past-dated post in publish --dry-run (SPEC §17)', () => {
  it('says to reschedule it, in the same words as check', async () => {
    ws = makeWorkspace([Q.veilleBudget]);
    const env = { LM_POST_NOW: '2026-12-20T09:00:00+01:00' };
    const [dry, check] = await Promise.all([ws.cli(['publish', '--dry-run'], env), ws.cli(['check'], env)]);
    expect(crashSigns(dry)).toEqual([]);
    expect(dry.stdout).toContain(`${Q.veilleBudget} : ne serait pas publié`);
    const line = `est passée et le billet n’est pas encore publié partout : il partira à la prochaine publication une fois approuvé, ou reportez-le avec lm-post reschedule ${Q.veilleBudget} QUAND`;
    expect(dry.stdout).toContain(line);
    expect(check.stdout).toContain(line);
  });
});

describe('lm-post reschedule (reporter)', () => {
  it('by a validator: the approval is kept with a new decision, and the post is scheduled', async () => {
    ws = makeWorkspace([Q.veilleBudget]);
    const ok = await ws.cli(['approve', Q.veilleBudget, '--as', 'dominique'], MONDAY);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const r = await ws.cli(['reschedule', Q.veilleBudget, 'jeudi prochain 11h', '--as', 'sacha'], MONDAY);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Publication reportée au jeudi 10 décembre 2026 à 11:00 (Europe/Paris)');
    expect(r.stdout).toContain('Toujours approuvé : nouvelle décision de Sacha.');
    const text = ws.read(Q.veilleBudget);
    expect(text).toMatch(/^publish_at: "?2026-12-10T11:00:00\+01:00"?$/m);
    expect(text).toMatch(/^ {2}by: sacha$/m);
    const list = await ws.cli(['list', '--json'], MONDAY);
    expect((JSON.parse(list.stdout) as { id: string; state: string }[]).find((p) => p.id === Q.veilleBudget)?.state).toBe('scheduled');
    // The alias, with the French name.
    const alias = await ws.cli(['reporter', Q.veilleBudget, 'vendredi prochain 10h', '--as', 'sacha'], MONDAY);
    expect(alias.code, alias.stderr).toBe(0);
    expect(alias.stdout).toContain('vendredi 11 décembre 2026 à 10:00');
  });

  it('by the author: the approval is voided and it says so', async () => {
    ws = makeWorkspace([Q.veilleBudget]);
    await ws.cli(['approve', Q.veilleBudget, '--as', 'dominique'], MONDAY);
    const r = await ws.cli(['reschedule', Q.veilleBudget, 'vendredi prochain 10h', '--as', 'malik'], MONDAY);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('L’approbation de dominique est annulée par ce report');
    const list = await ws.cli(['list', '--json'], MONDAY);
    expect((JSON.parse(list.stdout) as { id: string; state: string }[]).find((p) => p.id === Q.veilleBudget)?.state).toBe('voided');
  });

  it('--event-starts moves the event (its end follows, same length), said back in words; refused on a post without an event', async () => {
    ws = makeWorkspace([Q.ag, Q.veilleBudget]);
    const r = await ws.cli(['reschedule', Q.ag, '14/12 à 10h', '--event-starts', '18/12 à 18h30', '--as', 'sacha'], MONDAY);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Publication reportée au lundi 14 décembre 2026 à 10:00 (Europe/Paris)');
    expect(r.stdout).toContain('Début de l’événement : vendredi 18 décembre 2026 à 18:30 (Europe/Paris)');
    const text = ws.read(Q.ag);
    expect(text).toMatch(/^ {2}starts: 2026-12-18T18:30:00\+01:00$/m);
    expect(text).toMatch(/^ {2}ends: 2026-12-18T21:30:00\+01:00$/m);
    const none = await ws.cli(['reschedule', Q.veilleBudget, 'jeudi prochain 11h', '--event-starts', '18/12 à 18h30', '--as', 'sacha'], MONDAY);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('n’annonce pas d’événement');
    expect(ws.read(Q.veilleBudget)).not.toContain('event:');
  });

  it('bad input: the past, the night, words it cannot read — refused with the date said back, the file untouched', async () => {
    ws = makeWorkspace([Q.veilleBudget]);
    const before = ws.read(Q.veilleBudget);
    const [past, night, words] = await Promise.all([
      ws.cli(['reschedule', Q.veilleBudget, 'hier 10h', '--as', 'sacha'], MONDAY),
      ws.cli(['reschedule', Q.veilleBudget, 'demain 3h', '--as', 'sacha'], MONDAY),
      ws.cli(['reschedule', Q.veilleBudget, 'quand Paul pourra', '--as', 'sacha'], MONDAY),
    ]);
    for (const r of [past, night, words]) {
      expect(crashSigns(r)).toEqual([]);
      expect(r.code).toBe(2);
    }
    expect(past.stderr).toContain('« hier 10h » se lit dimanche 6 décembre 2026 à 10:00 (Europe/Paris), qui est passé');
    expect(night.stderr).toContain('« demain 3h » se lit mardi 8 décembre 2026 à 03:00 (Europe/Paris), hors des heures de publication de la charte (08:00–21:00)');
    expect(words.stderr).toContain('date « quand Paul pourra » non comprise');
    expect(ws.read(Q.veilleBudget)).toBe(before);
  });
});

describe('a publish_at written by hand the French way', () => {
  it('check reads it back and says what to write (file:line:column); reschedule stores it as ISO', async () => {
    ws = makeWorkspace([Q.veilleBudget], { [Q.veilleBudget]: setPublishAt('09/12/2026 10h') });
    const check = await ws.cli(['check'], MONDAY);
    expect(crashSigns(check)).toEqual([]);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain(
      `queue/${Q.veilleBudget}.yaml:7:13  erreur  « publish_at » est écrit à la française (« 09/12/2026 10h »), lu comme le mercredi 9 décembre 2026 à 10:00 : dans le fichier, écrivez publish_at: 2026-12-09T10:00 (heure de la charte), ou laissez lm-post l’écrire : lm-post reschedule ${Q.veilleBudget} "09/12/2026 10h".`,
    );
    const en = await ws.cli(['check', '--lang', 'en'], MONDAY);
    expect(en.stdout).toContain('"publish_at" is written the French way ("09/12/2026 10h"), read as Wednesday, 9 December 2026 at 10:00');
    const r = await ws.cli(['reporter', Q.veilleBudget, '09/12/2026 10h', '--as', 'sacha'], MONDAY);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Publication reportée au mercredi 9 décembre 2026 à 10:00 (Europe/Paris)');
    expect(ws.read(Q.veilleBudget)).toMatch(/^publish_at: 2026-12-09T10:00:00\+01:00$/m);
    expect((await ws.cli(['check'], MONDAY)).code).toBe(0);
  });
});

describe('lm-post withdraw (retirer)', () => {
  it('keeps the file with who, when and why; never published, listed or counted again', async () => {
    ws = makeWorkspace([Q.veillePanorama, Q.veilleBudget], { [Q.veillePanorama]: setPublishAt(hoursAgo(1)) });
    expect((await ws.cli(['approve', Q.veillePanorama, '--as', 'dominique'])).code).toBe(0);
    const w = await ws.cli(['retirer', Q.veillePanorama, '--note', 'Le panorama a été retiré par son éditeur', '--as', 'sacha']);
    expect(w.code, w.stderr).toBe(0);
    expect(w.stdout).toContain('Billet retiré par Sacha');
    const text = ws.read(Q.veillePanorama);
    expect(text).toMatch(/^withdrawn:\n {2}by: sacha\n {2}at: "?2026-11-30T09:00:00\+01:00"?\n {2}note: Le panorama a été retiré par son éditeur$/m);
    const n = sb.requests.length;
    const pub = await ws.cli(['publish', Q.veillePanorama], sandboxEnv(sb));
    expect(crashSigns(pub)).toEqual([]);
    expect(posts(sb.requests.slice(n))).toEqual([]);
    expect(ws.read(Q.veillePanorama)).not.toContain('published:');
    const [list, listW, check, again] = await Promise.all([
      ws.cli(['list', '--json']),
      ws.cli(['list', '--state', 'withdrawn', '--json']),
      ws.cli(['check']),
      ws.cli(['approve', Q.veillePanorama, '--as', 'dominique']),
    ]);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((p) => p.id)).toEqual([Q.veilleBudget]);
    expect((JSON.parse(listW.stdout) as { id: string; state: string }[])).toEqual([expect.objectContaining({ id: Q.veillePanorama, state: 'withdrawn' })]);
    expect(check.stdout).toMatch(/dans 1 billet|1 billet/);
    expect(check.stdout).not.toContain(Q.veillePanorama);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('retiré par sacha');
  });

  it('refuses a post already published, pointing at the networks where it lives', async () => {
    ws = makeWorkspace([Q.veillePanorama], { [Q.veillePanorama]: setPublishAt(hoursAgo(1)) });
    expect((await ws.cli(['approve', Q.veillePanorama, '--as', 'dominique'])).code).toBe(0);
    const pub = await ws.cli(['publish', Q.veillePanorama], sandboxEnv(sb));
    expect(pub.code, pub.stdout + pub.stderr).toBe(0);
    const before = ws.read(Q.veillePanorama);
    const w = await ws.cli(['withdraw', Q.veillePanorama, '--note', 'trop tard', '--as', 'sacha']);
    expect(w.code).toBe(1);
    expect(w.stderr).toMatch(/est déjà publié : twitter https?:\/\/\S+, mastodon https?:\/\/\S+\. lm-post ne peut pas le retirer des réseaux/);
    expect(ws.read(Q.veillePanorama)).toBe(before);
  });
});

describe('lm-post archive (archiver)', () => {
  it('moves fully published posts with their receipts out of queue/; check and list ignore them, feed still lists them; a running publish makes it exit 75', async () => {
    ws = makeWorkspace([Q.bureau, Q.veilleBudget], { [Q.bureau]: compose(setPublishAt(hoursAgo(1))) });
    expect((await ws.cli(['approve', Q.bureau, '--as', 'dominique'])).code).toBe(0);
    const pub = await ws.cli(['publish', Q.bureau], sandboxEnv(sb));
    expect(pub.code, pub.stdout + pub.stderr).toBe(0);
    const published = ws.read(Q.bureau);
    expect(published).toContain('published:');

    // While a publish holds the lock: exit 75, nothing moved.
    const release = await acquirePublishLock(path.join(ws.root, '.lm-post'));
    const locked = await ws.cli(['archive']);
    await release();
    expect(locked.code).toBe(75);
    expect(existsSync(ws.file(Q.bureau))).toBe(true);

    // A letter sent, and one approved but not sent (it stays).
    writeRecord(recordPath(ws.queue, '2026-11-16'), { from: '2026-11-16', to: '2026-11-29', sent: { message_id: '<l@lm-post>', at: '2026-11-17T08:00:00+01:00', to: 'membres@example.org' } }, 'du 16 au 29 novembre 2026', 'Europe/Paris');
    writeRecord(recordPath(ws.queue, '2026-11-30'), { from: '2026-11-30', to: '2026-12-13', review: { state: 'approved', by: 'dominique', at: '2026-11-30T09:00:00+01:00', digest: 'sha256:x' } }, 'du 30 novembre au 13 décembre 2026', 'Europe/Paris');
    const r = await ws.cli(['archiver']);
    expect(crashSigns(r)).toEqual([]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`queue/${Q.bureau}.yaml → queue/archive/2026/${Q.bureau}.yaml`);
    expect(existsSync(ws.file(Q.bureau))).toBe(false);
    expect(readFileSync(path.join(ws.queue, 'archive', '2026', `${Q.bureau}.yaml`), 'utf8')).toBe(published);
    expect(existsSync(ws.file(Q.veilleBudget))).toBe(true);
    expect(r.stdout).toContain('queue/letters/2026-11-16.yaml → queue/archive/2026/letters/2026-11-16.yaml');
    expect(existsSync(path.join(ws.queue, 'archive/2026/letters/2026-11-16.yaml'))).toBe(true);
    expect(existsSync(path.join(ws.queue, 'letters/2026-11-30.yaml'))).toBe(true);
    const [list, check, feed] = await Promise.all([ws.cli(['list', '--json']), ws.cli(['check', '--format', 'json']), ws.cli(['feed', '--out', 'site'])]);
    expect((JSON.parse(list.stdout) as { id: string }[]).map((p) => p.id)).toEqual([Q.veilleBudget]);
    expect((JSON.parse(check.stdout) as { filePath: string }[]).map((p) => path.basename(p.filePath, '.yaml'))).toEqual([Q.veilleBudget]);
    expect(feed.code, feed.stderr).toBe(0);
    const json = JSON.parse(readFileSync(path.join(ws.root, 'site', 'feed.json'), 'utf8')) as { items: { id: string }[] };
    expect(json.items.map((i) => i.id)).toContainEqual(expect.stringContaining(Q.bureau));
    // Duplicate detection still reads the archive: the same text again is refused.
    const receiptAt = /^ {4}at: "?([^"\n]+)"?$/m.exec(published)![1]!;
    const again1 = new Date(new Date(receiptAt).getTime() + 86_400_000).toISOString();
    const authored = published.slice(0, published.indexOf('\nreview:') + 1).replace(/^publish_at: .*$/m, `publish_at: ${again1}`);
    ws.write('bureau-bis', authored);
    const dup = await ws.cli(['check', '--format', 'json', 'queue/bureau-bis.yaml']);
    expect((JSON.parse(dup.stdout) as { messages: { ruleId: string }[] }[])[0]!.messages.map((m) => m.ruleId)).toContain('duplicate');
    ws.write('bureau-bis', '');
    rmSync(ws.file('bureau-bis'));
    // Nothing left to archive.
    const again = await ws.cli(['archive']);
    expect(again.stdout).toContain('Rien à archiver');
    expect(readdirSync(path.join(ws.queue, 'archive', '2026')).sort()).toEqual([`${Q.bureau}.yaml`, 'letters']);
  });
});
