// Hostile-input suite, injection into what other software reads (issue 21, points 4–9). Each output
// built from hostile post fields is parsed back by the software that reads it: an XML parser and a
// browser's HTML parser for the Atom feed, a Markdown renderer (marked) for the pull-request
// comment, ical.js for the calendar, a terminal-escape scan for terminal output, the GitHub
// Actions workflow-command syntax for CI logs, and the argument list a real editor receives.
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { marked } from 'marked';
import { afterAll, describe, expect, it } from 'vitest';
import { editorInvocation } from '../../src/util/editor.js';
import { chromiumAvailable, closeBrowser, withPage } from '../helpers/browser.js';
import { crashSigns, REPO, runCli, tempWorkspace } from '../helpers/cli.js';

const roots: string[] = [];
afterAll(async () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
  await closeBrowser();
});

function ws(files: Record<string, string>): { root: string; queue: string } {
  const w = tempWorkspace(files);
  roots.push(w.root);
  mkdirSync(path.join(w.root, 'charter'), { recursive: true });
  cpSync(path.join(REPO, 'charter'), path.join(w.root, 'charter'), { recursive: true });
  return w;
}

// A markup payload that passes every rule: no control character, a real event.
const NAME = '<img src=x onerror=alert(1)> ]]> <!-- & <script>alert(2)</script>';
const EVENT = (name: string, place = 'Locaux Motiv, 10 bis rue Jangot') => `type: evenement
author: yanis
text: |
  ${name} jeudi 3 décembre à 19 h, ouvert à toutes et à tous.
publish_at: 2026-12-01T18:00:00+01:00
event:
  name: ${JSON.stringify(name)}
  starts: 2026-12-03T19:00:00+01:00
  ends: 2026-12-03T21:00:00+01:00
  place: ${JSON.stringify(place)}
`;

/** Every terminal control sequence (CSI, OSC, and any bare C0/C1 control but newline and tab). */
// eslint-disable-next-line no-control-regex
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('hostile input: injection into what other software reads', () => {
  it('Atom (point 4): a markup event name stays text for an XML parser and for a browser parsing the title and summary as HTML; ical.js reads it back as written', async () => {
    const w = ws({ 'queue/hostile.yaml': EVENT(NAME) });
    const check = await runCli(['check', 'queue/hostile.yaml'], { cwd: w.root });
    expect(check.code, check.stdout + check.stderr).toBe(0);
    expect((await runCli(['approve', 'hostile', '--as', 'sacha'], { cwd: w.root })).code).toBe(0);
    const r = await runCli(['feed', '--out', 'site'], { cwd: w.root });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const xml = readFileSync(path.join(w.root, 'site/feed.xml'), 'utf8');
    expect(XMLValidator.validate(xml)).toBe(true);
    const feed = new XMLParser({ ignoreAttributes: false, isArray: (n) => n === 'entry' }).parse(xml).feed;
    const entry = feed.entry.find((e: { id: string }) => e.id.endsWith(':hostile'));
    expect(entry.title['@_type']).toBe('html');
    const html = [String(entry.title['#text']), String(entry.summary['#text'])];
    if (chromiumAvailable()) {
      const parsed = await withPage('<!doctype html><html><body></body></html>', { width: 400 }, (page) =>
        // The browser's own HTML parser (DOMParser), as a feed reader or a website embedding the feed uses.
        page.evaluate((list) => {
          interface Doc { body: { querySelectorAll(s: string): { length: number }; textContent: string } ; createTreeWalker(root: unknown, what: number): { nextNode(): unknown } }
          const P = (globalThis as unknown as { DOMParser: new () => { parseFromString(s: string, t: string): Doc } }).DOMParser;
          return list.map((h) => {
            const d = new P().parseFromString(h, 'text/html');
            // 128: NodeFilter.SHOW_COMMENT
            return { elements: d.body.querySelectorAll('*').length, comments: d.createTreeWalker(d.body, 128).nextNode() ? 1 : 0, text: d.body.textContent };
          });
        }, html),
      );
      expect(parsed[0]).toEqual({ elements: 0, comments: 0, text: NAME });
      expect(parsed[1]!.elements).toBe(0);
      expect(parsed[1]!.comments).toBe(0);
      expect(parsed[1]!.text).toContain(NAME);
    }
    const json = JSON.parse(readFileSync(path.join(w.root, 'site/feed.json'), 'utf8'));
    expect(json.items.find((i: { id: string }) => i.id.endsWith(':hostile')).title).toBe(NAME);
    const cal = new ICAL.Component(ICAL.parse(readFileSync(path.join(w.root, 'site/agenda.ics'), 'utf8')));
    const ev = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v)).find((e) => e.uid.startsWith('hostile@'));
    expect(ev?.summary).toBe(NAME);
  }, 60_000);

  it('PR comment (point 5): hostile alt text, link and file name render with marked to inert text — no comment, heading, image, link or mention of theirs', async () => {
    const alt = 'Un bac\n\n<!-- \n\n# ✅ Approuvé par le bureau\n\n![ok](https://evil.example/ok.png) @locaux-motiv/bureau [clic](https://evil.example)';
    const w = ws({
      'queue/hostile.yaml': `type: quartier
author: yanis
text: Marché de Noël solidaire samedi de 10 h à 18 h.
link: https://locauxmotiv.fr/agenda
media:
  - file: media/photo.jpg
    alt: ${JSON.stringify(alt)}
`,
      // A schema error quotes the value: the message is made inert too.
      'queue/autre.yaml': `type: quartier\nauthor: yanis\ntext: Bonjour.\nlink: ${JSON.stringify('https://a.fr/x <!-- ![i](https://evil.example/i.png) @admin\n# Approuvé')}\n`,
    });
    const outs = await Promise.all(['hostile', 'autre'].map((p) => runCli(['preview', '--format', 'markdown', `queue/${p}.yaml`], { cwd: w.root })));
    for (const o of outs) expect(crashSigns(o)).toEqual([]);
    const comment = ['<!-- lm-post-preview -->', '### Aperçu des billets — lm-post', '', outs[0]!.stdout, outs[1]!.stdout].join('\n');
    const rendered = await marked.parse(comment, { gfm: true });
    // The only comment is the marker; the only headings are ours; the other post's errors are shown.
    expect(rendered.match(/<!--/g)).toHaveLength(1);
    expect([...rendered.matchAll(/<h(\d)[^>]*>(.*?)<\/h\1>/g)].map((m) => `h${m[1]}`)).toEqual(['h3', 'h4', 'h4']);
    expect(rendered).not.toMatch(/<img|<a |<script/);
    expect(rendered).toContain('<code>schema</code>');
    // GitHub links mentions in the rendered text: none may start there.
    const text = rendered.replace(/<[^>]*>/g, '');
    expect(text).not.toMatch(/@[A-Za-z0-9]/);
    expect(text).toContain('Approuvé par le bureau');
  }, 60_000);

  it('CI log (point 7): a link with a line break and a queue file name with one never start a workflow command in publish or list output', async () => {
    const w = ws({
      'queue/hostile.yaml': `type: quartier
author: yanis
text: Marché de Noël solidaire samedi de 10 h à 18 h.
link: "https://a.fr/a\\n::add-mask::Publication\\n::stop-commands::x"
`,
      'queue/a\n::error title=forged::name.yaml': 'type: quartier\nauthor: yanis\ntext: Bonjour.\n',
    });
    const runs = await Promise.all([
      runCli(['publish', '--dry-run', '--ignore-schedule'], { cwd: w.root }),
      runCli(['publish', '--sandbox', '--ignore-schedule'], { cwd: w.root }),
      runCli(['list'], { cwd: w.root }),
      runCli(['check', '--format', 'github'], { cwd: w.root }),
    ]);
    for (const r of runs) {
      expect(crashSigns(r)).toEqual([]);
      const lines = (r.stdout + '\n' + r.stderr).split(/\r?\n/);
      expect(lines.filter((l) => l.trimStart().startsWith('::') && !/^::(error|warning) file=/.test(l)), r.stdout + r.stderr).toEqual([]);
    }
    // The errors are still shown, escaped on one line.
    expect(runs[0]!.stdout).toMatch(/%0A::add-mask::Publication/);
  }, 60_000);

  it('terminals (point 8): an ESC/OSC/BEL in the event name or place fails check; calendar and letter print no terminal control', async () => {
    const w = ws({ 'queue/hostile.yaml': EVENT('JeudiWe\u001b]0;pwned\u0007\u001b[2J', 'Locaux\u001b[31m Motiv') });
    const runs = await Promise.all([
      runCli(['check', 'queue/hostile.yaml'], { cwd: w.root }),
      runCli(['calendar', '--month', '2026-12'], { cwd: w.root }),
      runCli(['letter', '--from', '2026-11-30', '--format', 'text'], { cwd: w.root }),
    ]);
    expect(runs[0]!.code).toBe(1);
    expect(runs[0]!.stdout).toMatch(/text-hygiene/);
    expect(runs[0]!.stdout.match(/U\+001B/g)?.length).toBeGreaterThanOrEqual(2);
    for (const r of runs) {
      expect(crashSigns(r)).toEqual([]);
      expect(TERMINAL_CONTROL.test(r.stdout + r.stderr), JSON.stringify(r.stdout + r.stderr)).toBe(false);
    }
  }, 60_000);

  it('forged receipts (point 14): a hand-made receipt on an unapproved post is an error in check and the preview, and the feed leaves the post out', async () => {
    const w = ws({
      'queue/forged.yaml': `${EVENT('JeudiWe compost')}published:\n  facebook:\n    id: "1234567890_9876543210"\n    url: https://www.facebook.com/1234567890/posts/9876543210\n    at: 2026-12-01T18:00:00+01:00\n`,
      'queue/phish.yaml': `${EVENT('Marché de Noël')}published:\n  facebook:\n    id: "<b>1</b>"\n    url: https://evil.example/login\n    at: 2026-12-01T18:00:00+01:00\n`,
    });
    const [check, preview, feed] = await Promise.all([
      runCli(['check', '--format', 'json'], { cwd: w.root }),
      runCli(['preview', '--format', 'markdown', 'queue/phish.yaml'], { cwd: w.root }),
      runCli(['feed', '--out', 'site', '--json'], { cwd: w.root }),
    ]);
    expect(check.code).toBe(1);
    const results = JSON.parse(check.stdout) as { filePath: string; messages: { ruleId: string; messageId?: string }[] }[];
    const rules = (f: string) => results.find((r) => r.filePath.endsWith(f))!.messages.map((m) => m.ruleId);
    expect(rules('forged.yaml')).toContain('receipts');
    expect(rules('phish.yaml').filter((r) => r === 'receipts').length).toBe(3);
    expect(preview.stdout).toMatch(/receipts/);
    expect(feed.code, feed.stderr).toBe(0);
    const xml = readFileSync(path.join(w.root, 'site/feed.xml'), 'utf8');
    expect(xml).not.toMatch(/forged|phish|evil\.example/);
  }, 60_000);

  it('editor (point 9): a checkout path with a space and $(…) reaches the editor as one argument, and runs nothing', () => {
    const base = mkdtempSync(path.join(os.tmpdir(), 'lm-post-editor-'));
    roots.push(base);
    const dir = path.join(base, 'a b $(touch PWNED) `touch PWNED2`');
    mkdirSync(dir);
    const file = path.join(dir, 'post.yaml');
    writeFileSync(file, 'text: toute la journée\n');
    const rec = path.join(base, 'rec-editor');
    writeFileSync(rec, `#!/bin/sh\nprintf '%s\\n' "$#" "$@" > "${base}/argv"\n`);
    chmodSync(rec, 0o755);
    for (const editor of [rec, `${rec} --wait`, "sed -i 's/toute la journée/toute la soirée/'"]) {
      const { command, args } = editorInvocation(editor, file);
      execFileSync(command, args, { cwd: base });
    }
    expect(existsSync(path.join(base, 'PWNED')) || existsSync(path.join(base, 'PWNED2')) || existsSync(path.join(dir, 'PWNED'))).toBe(false);
    // The last recording editor had "--wait" then the file: two arguments, the path intact.
    expect(readFileSync(path.join(base, 'argv'), 'utf8')).toBe(`2\n--wait\n${file}\n`);
    expect(readFileSync(file, 'utf8')).toBe('text: toute la soirée\n');
  });
});

