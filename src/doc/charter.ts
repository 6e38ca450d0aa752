// The human mini-charter (SPEC §13), generated from the machine charter so the two never
// diverge: what goes on each network and for whom, each type with an example post, each rule
// in plain words with its severity and options, groups, validators, how to publish, image
// limits and the X cost. French, for training referents.
import { tr } from '../i18n/index.js';
import { stringify } from 'yaml';
import type { Charter, NetworkId } from '../charter/types.js';
import { NETWORK_IDS, targetNetworks } from '../charter/types.js';
import { ruleSetting } from '../lint/engine.js';
import { DEFAULT_MAX_IMAGE_BYTES } from '../media/inspect.js';
import { RULES } from '../rules/index.js';
import { formatCost, xPlan, xPrices } from '../render/x-cost.js';
import type { Block } from './blocks.js';

const SEVERITY = {
  error: '**erreur** : bloque la publication',
  warn: '**avertissement** : signalé, ne bloque pas',
  off: '**désactivée**',
} as const;

const FIELD = {
  link: 'un lien (`link`)',
  share: 'la publication relayée (`share`)',
  text: 'le texte (`text`)',
  'event.name': 'le nom de l’événement (`event.name`)',
  'event.starts': 'son début (`event.starts`)',
  'event.ends': 'sa fin (`event.ends`)',
  'event.place': 'son lieu (`event.place`)',
} as Record<string, string>;

const list = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} et ${xs[xs.length - 1]}`);
const mb = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} Mo`.replace('.', ',');

function networkNames(charter: Charter, ids: readonly NetworkId[]): string {
  return list(ids.map((n) => charter.networks[n]?.label ?? n));
}

function optionsText(options: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(options)) {
    if (k === 'min_length') out.push(`au moins ${v} caractères`);
    else if (k === 'days') out.push(`sur ${v} jours`);
    else if (k === 'domains' && Array.isArray(v)) out.push(`domaines refusés : ${v.map((d) => `\`${d}\``).join(', ')}`);
    else if (k === 'terms' && v && typeof v === 'object') {
      out.push(`formes proposées : ${Object.entries(v as Record<string, string>).map(([a, b]) => `« ${a} » → « ${b} »`).join(' ; ')}`);
    } else out.push(`\`${k}\` : ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  }
  return out;
}

/** An example post of a type, built from the charter alone (so the document depends on nothing else). */
export function examplePost(charter: Charter, typeId: string): string {
  const type = charter.types[typeId]!;
  const author =
    charter.people.find((p) => {
      const g = charter.groups[p.group]?.types;
      return g === '*' ? false : g?.includes(typeId);
    }) ?? charter.people.find((p) => charter.groups[p.group]?.types === '*') ?? charter.people[0];
  const quoted = /Exemple\s*:[^«]*«\s*([^»]+?)\s*»/.exec(type.description ?? '')?.[1];
  const requires = type.requires ?? [];
  const post: Record<string, unknown> = { type: typeId, author: author?.id ?? 'votre-identifiant' };
  if (!(requires.includes('share') && !quoted)) post.text = `${quoted ?? 'Votre texte, dans le ton de la charte.'}\n`;
  if (requires.includes('link')) post.link = 'https://example.org/la-page-detaillee';
  if (requires.includes('share')) post.share = 'https://x.com/un-reseau/status/1234567890';
  post.publish_at = '2027-01-14T10:00:00+01:00';
  const ev = requires.filter((r) => r.startsWith('event.')).map((r) => r.slice(6));
  if (ev.length) {
    const event: Record<string, string> = {};
    event.name = 'Nom de l’événement';
    if (ev.includes('starts') || ev.includes('ends')) event.starts = '2027-01-21T19:00:00+01:00';
    if (ev.includes('ends')) event.ends = '2027-01-21T21:00:00+01:00';
    if (ev.includes('place')) event.place = 'Adresse du lieu';
    post.event = event;
  }
  if (type.thread) post.thread = [{ text: '2/ La suite du fil…\n' }];
  return '# yaml-language-server: $schema=../charter/post.schema.json\n' + stringify(post, { lineWidth: 0 });
}

export function charterBlocks(charter: Charter): Block[] {
  const org = charter.organisation;
  const b: Block[] = [];
  const types = Object.entries(charter.types);
  b.push({ kind: 'h', level: 1, text: `Charte de publication sur les réseaux sociaux de ${org}` });
  b.push({
    kind: 'p',
    text:
      `Cette mini-charte s’adresse aux personnes qui publient au nom de ${org}. Elle est **générée** depuis ` +
      '`charter/charter.yaml` par `lm-post charter` : c’est ce fichier qui fait foi, et `lm-post check` vérifie chaque ' +
      'billet selon les règles décrites ici. Pour changer une règle, on modifie la charte, puis on régénère ce document.',
  });

  // Networks: role and audience, from the types that go there.
  b.push({ kind: 'h', level: 2, text: 'Les réseaux et leurs publics', id: 'reseaux' });
  const netItems: string[] = [];
  for (const n of NETWORK_IDS) {
    const net = charter.networks[n];
    if (!net) continue;
    const own = types.filter(([, t]) => t.networks.includes(n));
    const mirrored = net.mirror_of ? types.filter(([, t]) => t.networks.includes(net.mirror_of!)) : [];
    const all = [...own, ...mirrored];
    const audiences = [...new Set(all.map(([, t]) => t.audience).filter((a): a is string => !!a))];
    const role = all.length ? `${list(all.map(([, t]) => t.label))}` : 'aucun type de publication pour le moment';
    netItems.push(
      `**${net.label}**${net.mirror_of ? ` (miroir de ${charter.networks[net.mirror_of]?.label ?? net.mirror_of} : chaque publication y est reprise automatiquement)` : ''} — ` +
        `${role}.${audiences.length ? ` Public : ${list(audiences)}.` : ''} ` +
        `Au plus ${net.max_length} caractères, ${net.max_media} image${net.max_media > 1 ? 's' : ''} et ${net.max_hashtags} mot${net.max_hashtags > 1 ? 's' : ''}-dièse par publication.`,
    );
  }
  b.push({ kind: 'ul', items: netItems });

  // Types.
  b.push({ kind: 'h', level: 2, text: 'Les types de publication', id: 'types' });
  b.push({ kind: 'p', text: 'Chaque billet a un **type**, qui décide de ses réseaux, de son public et des informations obligatoires.' });
  b.push({
    kind: 'table',
    caption: 'Types de publication',
    head: ['type', 'nom', 'réseaux', 'public', 'obligatoire'],
    rows: types.map(([id, t]) => [`\`${id}\``, t.label, networkNames(charter, targetNetworks(charter, t.networks)), t.audience ?? '—', (t.requires ?? []).map((r) => FIELD[r] ?? `\`${r}\``).join(', ') || '—']),
  });
  for (const [id, t] of types) {
    b.push({ kind: 'h', level: 3, text: `${t.label} (\`${id}\`)` });
    if (t.description) b.push({ kind: 'p', text: t.description });
    const notes: string[] = [];
    if (t.thread) notes.push('peut être un fil (`thread`) : chaque élément devient une réponse au précédent');
    if (t.approval === 'trained-author') notes.push('une personne formée (`trained`) peut le publier sans relecture pendant l’événement, d’une heure avant le début à la fin de la journée');
    if (t.window === false) notes.push('peut paraître en dehors des heures de publication');
    if (notes.length) b.push({ kind: 'ul', items: notes.map((n) => n.charAt(0).toUpperCase() + n.slice(1) + '.') });
    b.push({ kind: 'p', text: 'Exemple de billet :' });
    b.push({ kind: 'code', lang: 'yaml', text: examplePost(charter, id) });
  }

  // Groups and people.
  b.push({ kind: 'h', level: 2, text: 'Qui écrit quoi', id: 'groupes' });
  b.push({
    kind: 'table',
    caption: 'Groupes et types qu’ils rédigent',
    head: ['groupe', 'rôle', 'types', 'personnes'],
    rows: Object.entries(charter.groups).map(([gid, g]) => [
      g.label,
      g.description ?? '—',
      g.types === '*' ? 'tous' : g.types.map((t) => charter.types[t]?.label ?? t).join(', '),
      charter.people.filter((p) => p.group === gid).map((p) => p.name).join(', ') || '—',
    ]),
  });
  const validators = charter.people.filter((p) => p.validator);
  const trained = charter.people.filter((p) => p.trained);
  b.push({ kind: 'h', level: 2, text: 'Qui valide', id: 'validation' });
  b.push({
    kind: 'p',
    text:
      `Un billet part seulement s’il est **approuvé** par une personne qui valide : ${list(validators.map((p) => p.name)) || 'personne pour le moment'}. ` +
      'Personne ne valide ses propres billets. Toute modification après l’approbation l’annule (lm-post compare une empreinte du contenu et des images)' +
      (charter.approval?.stale_after_hours ? `, et une approbation dont l’heure de publication est dépassée de plus de ${charter.approval.stale_after_hours} h est à refaire.` : '.'),
  });
  if (charter.approval?.signed) {
    b.push({
      kind: 'p',
      text:
        'Chaque décision (approbation, demande de modifications, refus) est **signée** avec la clé SSH de la personne qui la prend, déclarée dans la charte : une décision non signée, copiée d’un autre billet ou modifiée à la main ne compte pas. ' +
        (charter.approval.forge_key ? 'Une relecture faite sur la forge (GitHub) par une personne qui valide est signée par la clé de la forge. ' : '') +
        'Ajouter ou changer une clé est un changement de la charte, relu comme tel.',
    });
  }
  if (trained.length) b.push({ kind: 'p', text: `Personnes formées (live-tweet sans relecture, pour les types qui le permettent) : ${list(trained.map((p) => p.name))}.` });

  // How to publish.
  return publishingBlocks(charter, b);
}

/** How to publish, the schedule, the images and the rules checked. */
function publishingBlocks(charter: Charter, b: Block[]): Block[] {
  b.push({ kind: 'h', level: 2, text: 'Comment publier', id: 'publier' });
  b.push({
    kind: 'ul',
    items: [
      'Écrire le billet : `lm-post new` (assistant), ou un fichier YAML dans `queue/` sur le modèle des exemples ci-dessus.',
      'Le vérifier : `lm-post check` signale chaque problème avec la ligne et la colonne ; `lm-post preview BILLET` montre le texte exact que chaque réseau recevra, avec les décomptes.',
      'Le faire valider : une personne qui valide lance `lm-post approve BILLET` (ou `lm-post review`).',
      'Publier : `lm-post publish` envoie les billets approuvés et dus, une seule fois, et écrit les reçus dans le fichier. En CI, c’est automatique toutes les 15 minutes.',
    ],
  });
  const w = charter.schedule?.window;
  const cadence = Object.entries(charter.schedule?.cadence ?? {});
  if (w || cadence.length) {
    b.push({
      kind: 'p',
      text:
        (w ? `Heures de publication : de ${w.from} à ${w.to} (${charter.timezone}). ` : '') +
        (cadence.length ? `Rythme : ${list(cadence.map(([n, d]) => `pas plus de ${d} jours sans billet sur ${charter.networks[n as NetworkId]?.label ?? n}`))} (voir \`lm-post calendar\`).` : ''),
    });
  }

  // Images.
  b.push({ kind: 'h', level: 2, text: 'Les images', id: 'images' });
  const alt = RULES.find((r) => r.meta.id === 'alt-text');
  const minAlt = alt ? (ruleSetting(charter, alt).options.min_length as number | undefined) ?? 15 : 15;
  b.push({
    kind: 'p',
    text:
      `Formats acceptés : JPEG, PNG, GIF et WebP, rangés dans \`queue/media/\`. Chaque image a une description (\`alt\`) d’au moins ${minAlt} caractères ` +
      'qui dit ce qu’on voit, pour les personnes qui ne la voient pas — jamais le nom du fichier.',
  });
  b.push({
    kind: 'table',
    caption: 'Limites des images par réseau',
    head: ['réseau', 'images par publication', 'poids maximal par image'],
    rows: NETWORK_IDS.filter((n) => charter.networks[n]).map((n) => {
      const net = charter.networks[n]!;
      return [net.label, String(net.max_media), mb(net.max_image_bytes ?? DEFAULT_MAX_IMAGE_BYTES[n])];
    }),
  });

  // X cost.
  if (charter.networks.twitter) {
    b.push({ kind: 'h', level: 2, text: 'Le coût de X', id: 'cout-x' });
    if (xPlan(charter) === 'pay-per-use') {
      const p = xPrices(charter);
      const budget = charter.networks.twitter.monthly_budget;
      b.push({
        kind: 'p',
        text:
          `X facture chaque publication créée : ${formatCost(p.post, p.currency, 'fr')} sans lien, ${formatCost(p.post_with_link, p.currency, 'fr')} avec un lien ` +
          '(chaque élément d’un fil compte pour une publication ; le miroir Mastodon est gratuit). ' +
          `Chaque texte alternatif d’image est aussi facturé (${formatCost(p.media_metadata, p.currency, 'fr')}), comme chaque lecture du compte par \`lm-post doctor\` (${formatCost(p.user_read, p.currency, 'fr')}). ` +
          'Un lien n’est donc ajouté que s’il apporte vraiment quelque chose. ' +
          '`lm-post preview` et `lm-post calendar` montrent le coût de chaque billet et du mois.' +
          (budget !== undefined ? ` Budget mensuel fixé par la charte : ${formatCost(budget, p.currency, 'fr')}.` : ''),
      });
    } else {
      b.push({ kind: 'p', text: 'Le compte X est sous contrat « enterprise » : les publications ne sont pas facturées une à une.' });
    }
  }

  // Rules.
  b.push({ kind: 'h', level: 2, text: 'Les règles vérifiées', id: 'regles' });
  b.push({ kind: 'p', text: 'Une **erreur** bloque la publication du billet (et seulement de lui) ; un **avertissement** signale sans bloquer.' });
  const ruleItems: string[] = [];
  for (const r of RULES) {
    // A charter without X says nothing of X's costs (SPEC §15).
    if (r.meta.id === 'x-budget' && !charter.networks.twitter) continue;
    const { severity, options } = ruleSetting(charter, r);
    const opts = severity === 'off' ? [] : optionsText(options);
    const when = r.meta.onlyWhenRequested ? ' (à la publication et avec `lm-post check --require-approval`)' : '';
    ruleItems.push(`\`${r.meta.id}\` — ${tr('fr', r.meta.description, options)} — ${SEVERITY[severity]}${when}${opts.length ? ` ; ${opts.join(' ; ')}` : ''}.`);
  }
  b.push({ kind: 'ul', items: ruleItems });
  if (charter.hashtags?.length) {
    b.push({ kind: 'p', text: `Orthographe de référence des mots-dièse : ${charter.hashtags.map((h) => `#${h}`).join(', ')}.` });
  }
  return b;
}
