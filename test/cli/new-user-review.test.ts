// Found by an independent new-user review of the merged workflow (each failed before its fix).
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type Workspace } from '../helpers/publish-env.js';
import { crashSigns } from '../helpers/cli.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.remove();
  ws = undefined;
});

describe('a post of a type the charter does not know', () => {
  it('is an error at publish (exit 1, with its position), never silently left out', async () => {
    ws = makeWorkspace([]);
    ws.write('m4-type', 'type: veile\nauthor: malik\ntext: "Une veille au type mal écrit"\nlink: https://example.org/x\n');
    const named = await ws.cli(['publish', 'm4-type', '--dry-run']);
    expect(named.code).toBe(1);
    expect(named.stdout).toMatch(/m4-type\.yaml:1:7 Type de billet inconnu « veile » : vouliez-vous dire veille \?/);
    const all = await ws.cli(['publish', '--dry-run', '--json']);
    expect(crashSigns(all)).toEqual([]);
    const sandbox = await ws.cli(['publish', 'm4-type', '--sandbox']);
    expect(sandbox.code).toBe(1);
    expect(sandbox.stdout).toContain('1 avec erreurs');
  });
});

describe('French dates typed to new', () => {
  it.each(['32/12 à 19h', 'demain 25h', 'demain'])('« %s » is refused (exit 2), nothing written', async (when) => {
    ws = makeWorkspace([]);
    const r = await ws.cli(['new', '--type', 'veille', '--author', 'malik', '--text', 'Une veille datée de travers', '--link', 'https://example.org/d', '--publish-at', when]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('il faut le jour et l’heure');
    expect(readdirSync(ws.queue).filter((f) => f.endsWith('.yaml'))).toEqual([]);
  });
});
