// The rule registry is complete and documented: every rule has its table test, messages and a
// description in French and English, and the default severities of SPEC §5. A new rule without
// tests or without a translation fails here.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES, RULES_BY_ID } from '../../src/rules/index.js';

const RULES_DIR = path.resolve(import.meta.dirname, '../../src/rules');
const TESTS_DIR = import.meta.dirname;
const NOT_RULES = new Set(['index.ts', 'types.ts', 'util.ts']);

/** SPEC §5: the contract users and charters rely on. */
const SPEC_DEFAULTS: Record<string, 'error' | 'warn' | 'off'> = {
  schema: 'error',
  'type-known': 'error',
  'author-allowed': 'error',
  'required-fields': 'error',
  'network-for-type': 'error',
  'thread-allowed': 'error',
  'max-length': 'error',
  'alt-text': 'error',
  'media-file': 'error',
  'mentions-known': 'error',
  'link-https': 'error',
  'link-shortener': 'warn',
  'hashtags-max': 'warn',
  'hashtag-case': 'warn',
  'publish-window': 'warn',
  'event-dates': 'error',
  'schedule-past': 'warn',
  'text-hygiene': 'error',
  duplicate: 'error',
  'inclusive-writing': 'warn',
  'french-typography': 'off',
  approval: 'error',
  cadence: 'warn',
  'x-budget': 'warn',
};

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*([\w.-]+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('rule registry', () => {
  it('lists every rule file once, sorted by id', () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f.endsWith('.ts') && !NOT_RULES.has(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toEqual([...ids].sort((a, b) => a.localeCompare(b)));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(files);
    expect(RULES_BY_ID.size).toBe(ids.length);
  });

  it('has the rules and default severities of SPEC §5 (extra rules allowed)', () => {
    for (const [id, severity] of Object.entries(SPEC_DEFAULTS)) {
      expect(RULES_BY_ID.get(id)?.meta.defaultSeverity, id).toBe(severity);
    }
  });

  it('has no table test for a rule that does not exist', () => {
    const tested = readdirSync(TESTS_DIR)
      .filter((f) => f.endsWith('.test.ts') && f !== 'registry.test.ts')
      .map((f) => f.replace(/\.test\.ts$/, ''));
    expect(tested.filter((id) => !RULES_BY_ID.has(id))).toEqual([]);
  });

  describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has a table test file that runs the RuleTester on it', () => {
      const file = path.join(TESTS_DIR, `${id}.test.ts`);
      expect(existsSync(file), `missing test/rules/${id}.test.ts`).toBe(true);
      expect(readFileSync(file, 'utf8')).toContain(`RuleTester.run('${id}'`);
    });

    it('has a description in French and English', () => {
      expect(rule.meta.description.fr.trim()).not.toBe('');
      expect(rule.meta.description.en.trim()).not.toBe('');
      expect(rule.meta.description.fr).not.toBe(rule.meta.description.en);
    });

    it('has every message in French and English, with the same placeholders', () => {
      const entries = Object.entries(rule.meta.messages);
      expect(entries.length).toBeGreaterThan(0);
      for (const [messageId, msg] of entries) {
        expect(msg.fr.trim(), `${id}/${messageId} fr`).not.toBe('');
        expect(msg.en.trim(), `${id}/${messageId} en`).not.toBe('');
        expect(placeholders(msg.fr), `${id}/${messageId} placeholders`).toEqual(placeholders(msg.en));
      }
    });

    it('has default options only with an options schema', () => {
      if (rule.meta.defaultOptions) expect(rule.meta.optionsSchema).toBeDefined();
    });
  });
});
