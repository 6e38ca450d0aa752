// SPEC §13: a message catalogue test — every message id in French and English. The rules'
// messages are checked by test/rules/registry.test.ts; this one walks every `{ fr, en }` catalogue
// exported by the help modules (src/cli/help*.ts, found on disk so a new one is included) and the
// YAML syntax messages: both languages present, non-empty, with the same {{placeholders}}.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { YAML_CODE_MESSAGES, YAML_MESSAGES, YAML_SITUATION_MESSAGES } from '../../src/util/yaml-messages.js';
import { REPO } from '../helpers/cli.js';

interface Pair {
  id: string;
  fr: unknown;
  en: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Every message of a catalogue, as (id, fr, en): a `{ fr: '…', en: '…' }` message, or a
 * `{ fr: { id: '…' }, en: { id: '…' } }` table (each language's table must have the same ids).
 */
function pairs(value: unknown, id: string, out: Pair[] = []): Pair[] {
  if (!isObject(value)) return out;
  if ('fr' in value && 'en' in value) {
    const { fr, en } = value;
    if (isObject(fr) && isObject(en)) {
      for (const k of new Set([...Object.keys(fr), ...Object.keys(en)])) {
        if (isObject(fr[k]) || isObject(en[k])) pairs({ fr: fr[k], en: en[k] }, `${id}.${k}`, out);
        else out.push({ id: `${id}.${k}`, fr: fr[k], en: en[k] });
      }
    } else out.push({ id, fr, en });
    return out;
  }
  for (const [k, v] of Object.entries(value)) pairs(v, `${id}.${k}`, out);
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]).sort();

function expectComplete(all: Pair[]): void {
  expect(all.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const { id, fr, en } of all) {
    if (typeof fr !== 'string' || !fr.trim()) problems.push(`${id}: French missing or empty`);
    if (typeof en !== 'string' || !en.trim()) problems.push(`${id}: English missing or empty`);
    if (typeof fr === 'string' && typeof en === 'string' && placeholders(fr).join() !== placeholders(en).join()) {
      problems.push(`${id}: placeholders differ (fr ${placeholders(fr).join(',') || '∅'} / en ${placeholders(en).join(',') || '∅'})`);
    }
  }
  expect(problems).toEqual([]);
}

describe('message catalogue', () => {
  it('every help text of src/cli/help*.ts exists in French and English, with the same placeholders', async () => {
    const dir = path.join(REPO, 'src/cli');
    const modules = readdirSync(dir).filter((f) => /^help.*\.ts$/.test(f));
    expect(modules).toEqual(expect.arrayContaining(['help.ts', 'help-ci.ts', 'help-letter.ts', 'help-workflow.ts']));
    const all: Pair[] = [];
    for (const f of modules) {
      const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
      const exported = Object.entries(mod).filter(([, v]) => isObject(v));
      expect(exported.length, `${f} exports no catalogue`).toBeGreaterThan(0);
      for (const [name, v] of exported) all.push(...pairs(v, `${f}:${name}`));
    }
    expectComplete(all);
    // The walk really reaches the tables' entries (help.ts alone has dozens).
    expect(all.filter((p) => p.id.startsWith('help.ts:HELP.')).length).toBeGreaterThan(30);
  });

  it('every YAML syntax message (one per parser error code, and each situation) exists in both languages', () => {
    const all = pairs(YAML_MESSAGES, 'yaml');
    expectComplete(all);
    expect(all.length).toBe(Object.keys(YAML_CODE_MESSAGES).length + Object.keys(YAML_SITUATION_MESSAGES).length);
  });

  it('the walk flags a missing language and mismatched placeholders', () => {
    const bad = pairs({ a: { fr: 'Billet {{id}}', en: 'Post {{file}}' }, t: { fr: { x: 'oui', y: 'non' }, en: { x: 'yes' } } }, 'sample');
    expect(bad.map((p) => p.id).sort()).toEqual(['sample.a', 'sample.t.x', 'sample.t.y']);
    expect(() => expectComplete(bad)).toThrow();
  });
});
