// Issue 21, point 24: the charter's errors on letter.sender.email and letter.footer.unsubscribe say
// what is expected (an email address, an https link), and show a CR/LF of the bad value escaped.
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crashSigns, REPO, runCli, tempWorkspace } from '../helpers/cli.js';

describe('charter errors on the letter’s sender and unsubscribe link', () => {
  it('explain the expected form, with the value on one line', async ({ onTestFinished }) => {
    const { root } = tempWorkspace();
    onTestFinished(() => rmSync(root, { recursive: true, force: true }));
    cpSync(path.join(REPO, 'charter'), path.join(root, 'charter'), { recursive: true });
    const file = path.join(root, 'charter/charter.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('email: "lettre@locauxmotiv.fr"', 'email: "lettre@locauxmotiv.fr\\r\\nBcc: tous@example.org"')
        .replace('unsubscribe: "https://locauxmotiv.fr/lettre/desinscription"', 'unsubscribe: "https://locauxmotiv.fr/x\\nInjected: header"'),
    );
    const r = await runCli(['check'], { cwd: root });
    expect(crashSigns(r)).toEqual([]);
    expect(r.code).toBe(2);
    const out = r.stdout + r.stderr;
    const lines = out.split('\n');
    const email = lines.find((l) => l.includes('email'))!;
    const unsub = lines.find((l) => l.includes('unsubscribe'))!;
    expect(email).toMatch(/Adresse électronique/);
    expect(email).toContain('lettre@locauxmotiv.fr%0D%0ABcc: tous@example.org');
    expect(unsub).toContain("Exemple : https://exemple.org/agenda");
    expect(unsub).toContain('https://locauxmotiv.fr/x%0AInjected: header');
    expect(out).not.toMatch(/Identifiant : minuscules/);
    expect(lines.some((l) => /^(Bcc|Injected):/.test(l.trim()))).toBe(false);
  });
});
