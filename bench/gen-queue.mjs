// Generate a queue of N posts for the bench and the equivalence tests: every type of the example
// charter, mentions, links, threads, images, distinct texts and distinct slots. Dates are quoted
// so YAML 1.1 parsers (ajv-cli's js-yaml) read them as strings, as lm-post does.
//
//   node bench/gen-queue.mjs DIR N [--duplicates [--thread-duplicates]] [--gaps]
//
// --duplicates makes every 7th post repeat an earlier post's text (with --thread-duplicates, a
// live-tweet's second item repeats an earlier veille instead),
// --gaps leaves holes of several days in the schedule (cadence warnings). Without them every
// post is valid and check reports nothing.
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const WORDS = ['jardin', 'atelier', 'bureau', 'salle', 'voisin·es', 'compost', 'vélo', 'café', 'projet', 'réseau', 'coopération', 'quartier', 'marché', 'rencontre', 'formation', 'échange'];
/** A text nobody else in the queue has: the post number spelled with words. */
function phrase(i, salt = '') {
  const w = [];
  let n = i + 1;
  while (n > 0) {
    w.push(WORDS[n % WORDS.length]);
    n = Math.floor(n / WORDS.length);
  }
  return `${salt}Billet ${i} : ${w.join(' ')}`;
}

const pad = (n) => String(n).padStart(2, '0');
/** Slot k: four a day at 09:00, 11:30, 14:00, 16:30 Paris time, from 2027-01-04 on. */
function slot(k, shiftDays = 0) {
  const day = Math.floor(k / 4) + shiftDays;
  const d = new Date(Date.UTC(2027, 0, 4 + day));
  const hm = [['09', '00'], ['11', '30'], ['14', '00'], ['16', '30']][k % 4];
  return { date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`, at: (h = hm[0], m = hm[1]) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${h}:${m}:00+01:00` };
}

const block = (text, indent = '  ') => `|\n${text.split('\n').map((l) => indent + l).join('\n')}\n`;

const KINDS = [
  (i, t, s) => `type: offre\nauthor: camille\ntext: ${block(`${t} 🪴\n\nAvec {@compost-lyon}, accès aux salles. #TiersLieux`)}link: https://locauxmotiv.fr/espaces/b-${i}\nmedia:\n  - file: media/bureau-libre.jpg\n    alt: "Une table en bois avec un écran et une plante près d'une fenêtre"\npublish_at: "${s.at()}"\n`,
  (i, t, s) => `type: veille\nauthor: noemie\ntext: ${block(`${t}, un guide pratique. #ESS`)}link: https://cooperer.example.org/guides/g-${i}\npublish_at: "${s.at()}"\n`,
  (i, t, s) => `type: evenement\nauthor: camille\ntext: ${block(`${t} : MardiPro avec {@ronalpia}. #MardiPro`)}link: https://locauxmotiv.fr/agenda/e-${i}\npublish_at: "${s.at()}"\nevent:\n  name: "Rencontre ${i}"\n  starts: "${s.at('19', '00')}"\n  ends: "${s.at('21', '00')}"\n  place: Locaux Motiv', 10 bis rue Jangot, Lyon 7e\n`,
  (i, t, s) => `type: presence\nauthor: ines\ntext: ${block(`${t}, venez nous voir ! #ESS #Lyon7`)}publish_at: "${s.at()}"\nevent:\n  name: "Forum ${i}"\n  starts: "${s.at('08', '30')}"\n  ends: "${s.at('18', '00')}"\n  place: Halle Tony Garnier, Lyon 7e\n`,
  (i, t, s, thread) =>
    `type: livetweet\nauthor: ines\ntext: ${block(`1/ ${t}, avec {@cress-aura}. Fil 👇 #ESS`)}publish_at: "${s.at()}"\nevent:\n  name: "Rencontres ${i}"\n  starts: "${s.at('08', '30')}"\n  ends: "${s.at('18', '00')}"\n  place: Hôtel de Région, Lyon 2e\nthread:\n  - text: ${block(thread ?? `2/ Suite ${i} : table ronde sur la mutualisation.`, '      ')}    media:\n      - file: media/table-ronde.png\n        alt: "Une table ronde entourée de huit participant·es"\n  - text: ${block(`3/ Fin ${i}. Merci {@france-tiers-lieux} ! #TiersLieux`, '      ')}`,
  (i, t, s) => `type: quartier\nauthor: yanis\ntext: ${block(`${t} dans le quartier.`)}publish_at: "${s.at()}"\n`,
];

export function generateQueue(dir, n, { duplicates = false, gaps = false, threadDuplicates = false } = {}) {
  cpSync(path.join(root, 'charter'), path.join(dir, 'charter'), { recursive: true });
  mkdirSync(path.join(dir, 'queue'), { recursive: true });
  cpSync(path.join(root, 'queue', 'media'), path.join(dir, 'queue', 'media'), { recursive: true });
  const files = [];
  for (let i = 0; i < n; i++) {
    const kind = i % KINDS.length;
    // Gaps: every 50 posts, skip ten days (more than either network's cadence).
    const s = slot(i, gaps ? Math.floor(i / 50) * 10 : 0);
    let text = phrase(i);
    let thread;
    if (duplicates && i % 7 === 6 && i >= 12) {
      // Repeat the text of a post of the same kind a few slots earlier (within 30 days).
      text = phrase(i - KINDS.length);
      // …or, for a live-tweet, make its second item say what an earlier veille said alone on X.
      if (kind === 4 && threadDuplicates) thread = `${phrase(i - 3)}, un guide pratique. #ESS\nhttps://cooperer.example.org/guides/g-${i - 3}`;
    }
    const name = `${s.date}-p${String(i).padStart(5, '0')}.yaml`;
    let yaml = KINDS[kind](i, text, s, thread);
    // Some Facebook posts already published (receipts), so both duplicate messages occur.
    if (duplicates && kind === 5 && i % 4 === 1) yaml += `published:\n  facebook: { id: "${1000 + i}", at: "${s.at()}" }\n`;
    writeFileSync(path.join(dir, 'queue', name), yaml);
    files.push(name);
  }
  return files;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, n] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node bench/gen-queue.mjs DIR N [--duplicates [--thread-duplicates]] [--gaps]');
    process.exit(2);
  }
  generateQueue(path.resolve(dir), Number(n), { duplicates: process.argv.includes('--duplicates'), gaps: process.argv.includes('--gaps'), threadDuplicates: process.argv.includes('--thread-duplicates') });
}
