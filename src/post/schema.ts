// The post format (SPEC §3) as a JSON Schema. This object is the source: `charter/post.schema.json`
// is generated from it (npm run schemas) and a test fails when the committed file is stale.
import { CHANNEL_IDS, NETWORK_IDS } from '../charter/types.js';
import { DATETIME_PATTERN } from '../util/time.js';

const ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$', description: 'identifiant : minuscules, chiffres, - et _' } as const;
const TEXT = { type: 'string', maxLength: 70000 } as const;
const URL = {
  type: 'string',
  maxLength: 2048,
  pattern: '^[a-zA-Z][a-zA-Z0-9+.-]*://[^\\s]+$',
  description: 'adresse complète, ex. https://exemple.org/agenda',
} as const;
const DATETIME = {
  type: 'string',
  maxLength: 40,
  pattern: DATETIME_PATTERN,
  description: 'date ISO 8601, ex. 2026-12-01T10:00:00+01:00 (sans décalage : fuseau de la charte)',
} as const;
const MEDIA = {
  type: 'array',
  maxItems: 20,
  items: {
    type: 'object',
    additionalProperties: false,
    required: ['file'],
    properties: {
      file: { type: 'string', minLength: 1, maxLength: 512, description: 'chemin de l’image, relatif au fichier du billet' },
      alt: { type: 'string', maxLength: 5000, description: 'texte alternatif décrivant l’image' },
    },
  },
} as const;
const NETWORK = { type: 'string', enum: [...CHANNEL_IDS] } as const;
const VARIANT = {
  type: 'object',
  additionalProperties: false,
  properties: {
    text: TEXT,
    link: URL,
    media: MEDIA,
    spoiler: { type: 'string', maxLength: 1000, description: 'avertissement de contenu (Mastodon)' },
    visibility: { type: 'string', enum: ['public', 'unlisted', 'private', 'direct'] },
  },
} as const;
const RECEIPT = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'at'],
  properties: {
    id: { type: 'string', maxLength: 200 },
    url: { type: 'string', maxLength: 2048 },
    at: { type: 'string', maxLength: 40 },
    cid: { type: 'string', maxLength: 200 },
    thread: { type: 'array', maxItems: 100, items: { type: 'string', maxLength: 200 } },
  },
} as const;

export const POST_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://locauxmotiv.fr/lm-post/post.schema.json',
  title: 'Billet lm-post (version 1)',
  description: 'Un billet de la file de publication lm-post — a post of the lm-post queue.',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'author'],
  properties: {
    type: { ...ID, description: 'type de billet déclaré dans la charte (veille, relais, evenement…)' },
    author: { ...ID, description: 'identifiant de la personne qui écrit, déclaré dans la charte' },
    text: { ...TEXT, description: 'texte du billet ; mentions {@id}, hashtags dans le texte' },
    link: { ...URL },
    media: MEDIA,
    publish_at: { ...DATETIME, description: 'date de publication ISO 8601 ; absente = dès l’approbation' },
    event: {
      type: 'object',
      additionalProperties: false,
      properties: {
        name: { type: 'string', maxLength: 300 },
        starts: DATETIME,
        ends: DATETIME,
        place: { type: 'string', maxLength: 300 },
        url: URL,
      },
    },
    share: { ...URL, description: 'publication relayée (relais) : citée sur X, en lien ailleurs' },
    thread: {
      type: 'array',
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        properties: { text: TEXT, link: URL, media: MEDIA },
      },
    },
    networks: { type: 'array', uniqueItems: true, minItems: 1, items: NETWORK },
    letter: { type: 'boolean', description: 'aussi dans la lettre de la quinzaine (true), ou jamais (false)' },
    variants: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(NETWORK_IDS.map((n) => [n, VARIANT])),
    },
    review: {
      type: 'object',
      additionalProperties: false,
      required: ['state', 'by', 'at'],
      description: 'écrit par lm-post (approve, reject, request-changes) — ne pas modifier à la main',
      properties: {
        state: { type: 'string', enum: ['approved', 'changes-requested', 'rejected'] },
        by: { type: 'string', maxLength: 64 },
        at: { type: 'string', maxLength: 40 },
        digest: { type: 'string', maxLength: 100 },
        note: { type: 'string', maxLength: 5000 },
        via: { type: 'string', maxLength: 100, description: 'décision prise sur la forge (github#12)' },
        signature: { type: 'string', maxLength: 4000, description: 'signature SSH de la décision (SSHSIG, lm-post-review)' },
        history: {
          type: 'array',
          maxItems: 200,
          description: 'toutes les décisions, la plus récente en dernier',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['state', 'by', 'at'],
            properties: {
              state: { type: 'string', enum: ['approved', 'changes-requested', 'rejected'] },
              by: { type: 'string', maxLength: 64 },
              at: { type: 'string', maxLength: 40 },
              note: { type: 'string', maxLength: 5000 },
              digest: { type: 'string', maxLength: 100 },
              via: { type: 'string', maxLength: 100 },
              signature: { type: 'string', maxLength: 4000 },
            },
          },
        },
      },
    },
    withdrawn: {
      type: 'object',
      additionalProperties: false,
      required: ['by', 'at', 'note'],
      description: 'écrit par lm-post withdraw : le billet est retiré (jamais publié) — ne pas modifier à la main',
      properties: {
        by: { type: 'string', maxLength: 64 },
        at: { type: 'string', maxLength: 40 },
        note: { type: 'string', maxLength: 5000 },
      },
    },
    published: {
      type: 'object',
      additionalProperties: false,
      description: 'reçus de publication écrits par lm-post — ne pas modifier à la main',
      properties: Object.fromEntries(NETWORK_IDS.map((n) => [n, RECEIPT])),
    },
  },
} as const;
