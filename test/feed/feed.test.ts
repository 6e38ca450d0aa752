// lm-post feed: the website's files parse with parsers independent of the generators
// (fast-xml-parser for Atom, JSON.parse + the JSON Feed 1.1 shape, ical.js for iCalendar), and a
// second run gives the same ids (and, the queue unchanged, the same bytes).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { crashSigns } from '../helpers/cli.js';
import { exampleWorkspace, type Ws } from '../letter/helpers.js';

function read(ws: Ws, dir: string) {
  const f = (n: string) => readFileSync(path.join(ws.root, dir, n), 'utf8');
  return { xml: f('feed.xml'), json: f('feed.json'), ics: f('agenda.ics') };
}

function ids(files: ReturnType<typeof read>) {
  const atom = new XMLParser({ ignoreAttributes: false, isArray: (name) => name === 'entry' }).parse(files.xml).feed;
  const json = JSON.parse(files.json) as { version: string; items: { id: string; title: string; url: string; content_html: string }[] };
  const cal = new ICAL.Component(ICAL.parse(files.ics));
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  return { atom, json, events, atomIds: (atom.entry ?? []).map((e: { id: string }) => e.id), jsonIds: json.items.map((i) => i.id), icsIds: events.map((e) => e.uid) };
}

describe('lm-post feed', () => {
  it('writes Atom, JSON Feed and iCalendar of the approved or published offers and events; ids stable across runs', async ({ onTestFinished }) => {
    const ws = exampleWorkspace(onTestFinished);
    // Only approved (or published) posts reach the website.
    const empty = await ws.run(['feed', '--out', 'site0']);
    expect(empty.code, empty.stderr).toBe(0);
    expect(ids(read(ws, 'site0')).atomIds).toEqual([]);
    for (const v of ['dominique', 'sacha']) expect((await ws.run(['approve', '--all', '--as', v])).code).toBe(0);

    const first = await ws.run(['feed', '--out', 'site']);
    expect(crashSigns(first)).toEqual([]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/feed\.xml \(Atom\)/);
    const a = read(ws, 'site');
    expect(XMLValidator.validate(a.xml)).toBe(true);
    const one = ids(a);
    expect(one.atom['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(one.atomIds.length).toBeGreaterThanOrEqual(5);
    expect(new Set(one.atomIds).size).toBe(one.atomIds.length);
    expect(one.atomIds).toContain('tag:locauxmotiv.fr,2021:2026-12-01-jeudiwe-compost');
    // Offers and events only: no veille, no letter-only item.
    expect(one.atomIds.some((id: string) => /veille|nouveaux-membres|petit-rdv/.test(id))).toBe(false);
    expect(one.atomIds).toContain('tag:locauxmotiv.fr,2021:2026-12-01-bureau-libre-espace-partage');
    expect(one.json.version).toMatch(/^https:\/\/jsonfeed\.org\/version\/1(\.1)?$/);
    expect([...one.jsonIds].sort()).toEqual([...one.atomIds].sort());
    for (const item of one.json.items) {
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.url).toMatch(/^https:\/\//);
    }
    // agenda.ics: the events, at their real times.
    const compost = one.events.find((e) => e.uid === '2026-12-01-jeudiwe-compost@locauxmotiv.fr');
    expect(compost?.summary).toBe('JeudiWe compost');
    expect(compost?.startDate.toJSDate().toISOString()).toBe('2026-12-03T18:00:00.000Z');
    expect(compost?.endDate.toJSDate().toISOString()).toBe('2026-12-03T20:00:00.000Z');
    expect(compost?.location).toMatch(/10 bis rue Jangot/);
    expect(one.events.every((e) => e.uid.endsWith('@locauxmotiv.fr'))).toBe(true);

    const second = await ws.run(['feed', '--out', 'site']);
    expect(second.code).toBe(0);
    const b = read(ws, 'site');
    const two = ids(b);
    expect(two.atomIds).toEqual(one.atomIds);
    expect(two.jsonIds).toEqual(one.jsonIds);
    expect(two.icsIds).toEqual(one.icsIds);
    // Dates come from the posts, not the clock: the files themselves are unchanged.
    expect(b).toEqual(a);
  });
});
