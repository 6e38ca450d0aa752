// The charter format (SPEC §4) as a JSON Schema, built from the code: rule ids and their option
// schemas come from the rule registry, so a new rule is known to the charter at once.
import { CHANNEL_IDS, NETWORK_IDS, SEVERITIES, WEEKDAYS } from './types.js';
import { RULES } from '../rules/index.js';

const ID = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,63}$' } as const;
const LABEL = { type: 'string', minLength: 1, maxLength: 200 } as const;
const DESCRIPTION = { type: 'string', maxLength: 5000 } as const;
const VISIBILITY = { type: 'string', enum: ['public', 'unlisted', 'private', 'direct'] } as const;
const HHMM = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'heure HH:MM, ex. 08:00' } as const;
const SEVERITY = { type: 'string', enum: [...SEVERITIES] } as const;

const HTTPS_URL = { type: 'string', maxLength: 2048, pattern: '^https://[^\\s]+$' } as const;
/** An SSH public key line, as in ~/.ssh/id_ed25519.pub (signed decisions, SPEC §16). */
const SSH_PUBLIC_KEY = { type: 'string', maxLength: 2000, pattern: '^ssh-ed25519 [A-Za-z0-9+/]+={0,2}( [^\\n]*)?$', description: 'ssh-ed25519 AAAA… commentaire' } as const;
const EMAIL = { type: 'string', maxLength: 320, pattern: '^[^\\s@<>]+@[^\\s@<>]+\\.[^\\s@<>]+$' } as const;

/** The fortnightly letter (SPEC §14): sections in order, the types feeding each, the fortnight. */
const LETTER_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['title', 'sender', 'fortnight', 'footer', 'sections'],
  description: 'lettre de la quinzaine (lm-post letter)',
  properties: {
    title: LABEL,
    sender: { type: 'object', additionalProperties: false, required: ['name', 'email'], properties: { name: LABEL, email: EMAIL } },
    fortnight: {
      type: 'object',
      additionalProperties: false,
      required: ['starts'],
      properties: {
        starts: { type: 'string', enum: [...WEEKDAYS], description: 'jour qui ouvre la quinzaine' },
        anchor: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'une date de début de quinzaine, ex. 2026-11-30' },
      },
    },
    intro: DESCRIPTION,
    footer: {
      type: 'object',
      additionalProperties: false,
      required: ['unsubscribe'],
      properties: { text: DESCRIPTION, unsubscribe: HTTPS_URL, address: LABEL },
    },
    max_length: { type: 'integer', minimum: 1, maximum: 100000 },
    max_media: { type: 'integer', minimum: 0, maximum: 20 },
    templates: { type: 'string', maxLength: 500 },
    sections: {
      type: 'array',
      minItems: 1,
      maxItems: 30,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'types'],
        properties: {
          id: ID,
          title: LABEL,
          types: { type: 'array', minItems: 1, uniqueItems: true, maxItems: 100, items: ID },
          hashtags: { type: 'array', uniqueItems: true, maxItems: 50, items: { type: 'string', pattern: '^[^#\\s]{1,100}$' } },
          when: { type: 'string', enum: ['fortnight', 'upcoming'] },
          horizon_days: { type: 'integer', minimum: 1, maximum: 366 },
          max: { type: 'integer', minimum: 1, maximum: 100 },
          intro: DESCRIPTION,
        },
      },
    },
  },
} as const;

function ruleSetting(optionsSchema: Record<string, unknown> | undefined): object {
  const options = optionsSchema ?? { type: 'object', additionalProperties: false, properties: {} };
  return {
    anyOf: [
      SEVERITY,
      { type: 'array', minItems: 1, maxItems: 1, items: [SEVERITY] },
      { type: 'array', minItems: 2, maxItems: 2, items: [SEVERITY, options] },
    ],
  };
}

export function buildCharterSchema(): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://locauxmotiv.fr/lm-post/charter.schema.json',
    title: 'Charte de publication lm-post (version 1)',
    description: 'La mini-charte de publication, exécutable — the machine-readable publishing charter.',
    type: 'object',
    additionalProperties: false,
    required: ['version', 'organisation', 'timezone', 'networks', 'types', 'groups', 'people'],
    properties: {
      $schema: { type: 'string', maxLength: 500 },
      version: { const: 1 },
      organisation: LABEL,
      language: { type: 'string', enum: ['fr', 'en'] },
      timezone: { type: 'string', maxLength: 64, description: 'fuseau IANA, ex. Europe/Paris' },
      paused: { type: 'boolean' },
      networks: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: Object.fromEntries(
          NETWORK_IDS.map((n) => [
            n,
            {
              type: 'object',
              additionalProperties: false,
              required: ['label', 'max_length', 'max_media', 'max_hashtags'],
              properties: {
                label: LABEL,
                max_length: { type: 'integer', minimum: 1, maximum: 100000 },
                max_media: { type: 'integer', minimum: 0, maximum: 100 },
                max_hashtags: { type: 'integer', minimum: 0, maximum: 100 },
                max_image_bytes: { type: 'integer', minimum: 1, maximum: 104857600 },
                instance: { type: 'string', maxLength: 500, pattern: '^https?://[^\\s/]+(/[^\\s]*)?$' },
                mirror_of: { type: 'string', enum: [...NETWORK_IDS] },
                visibility: VISIBILITY,
                thread_visibility: VISIBILITY,
                plan: { type: 'string', enum: ['pay-per-use', 'enterprise'], description: "formule de l'API X (pay-per-use par défaut)" },
                prices: {
                  type: 'object',
                  additionalProperties: false,
                  description: 'prix X de chaque appel facturé',
                  properties: {
                    post: { type: 'number', minimum: 0, maximum: 1000 },
                    post_with_link: { type: 'number', minimum: 0, maximum: 1000 },
                    media_metadata: { type: 'number', minimum: 0, maximum: 1000, description: 'prix X d’un texte alternatif (media/metadata)' },
                    user_read: { type: 'number', minimum: 0, maximum: 1000, description: 'prix X d’une lecture du compte (users/me)' },
                    currency: { type: 'string', pattern: '^[A-Z]{3}$' },
                  },
                },
                monthly_budget: { type: 'number', minimum: 0, maximum: 1000000 },
                service: { type: 'string', maxLength: 500, pattern: '^https://[^\\s/]+(/[^\\s]*)?$', description: 'serveur Bluesky (PDS), https://bsky.social par défaut' },
                langs: { type: 'array', minItems: 1, maxItems: 3, uniqueItems: true, items: { type: 'string', pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }, description: 'langues des posts Bluesky (3 au plus)' },
                account: {
                  type: 'object',
                  additionalProperties: false,
                  description: 'le compte tel que le réseau le montre, pour les aperçus (lm-post preview --format html)',
                  properties: { name: LABEL, handle: { type: 'string', minLength: 1, maxLength: 200, pattern: '^\\S+$' } },
                },
              },
            },
          ]),
        ),
      },
      types: {
        type: 'object',
        minProperties: 1,
        maxProperties: 100,
        propertyNames: ID,
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['label', 'networks'],
          properties: {
            label: LABEL,
            description: DESCRIPTION,
            audience: { type: 'string', maxLength: 64 },
            networks: { type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', enum: [...CHANNEL_IDS] } },
            requires: {
              type: 'array',
              uniqueItems: true,
              maxItems: 20,
              items: { type: 'string', enum: ['text', 'link', 'media', 'share', 'event.name', 'event.starts', 'event.ends', 'event.place', 'event.url', 'publish_at'] },
            },
            thread: { type: 'boolean' },
            approval: { type: 'string', enum: ['review', 'trained-author'] },
            window: { type: 'boolean' },
          },
        },
      },
      groups: {
        type: 'object',
        minProperties: 1,
        maxProperties: 100,
        propertyNames: ID,
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['label', 'types'],
          properties: {
            label: LABEL,
            description: DESCRIPTION,
            types: { anyOf: [{ const: '*' }, { type: 'array', uniqueItems: true, maxItems: 100, items: ID }] },
          },
        },
      },
      people: {
        type: 'array',
        minItems: 1,
        maxItems: 1000,
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'name', 'group'],
          properties: {
            id: ID,
            name: LABEL,
            group: ID,
            validator: { type: 'boolean' },
            trained: { type: 'boolean' },
            email: { type: 'string', maxLength: 320 },
            keys: { type: 'array', maxItems: 20, uniqueItems: true, items: SSH_PUBLIC_KEY, description: 'clés SSH publiques (contenu de ~/.ssh/id_ed25519.pub) : elles signent les décisions de relecture' },
            github: { type: 'string', pattern: '^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$', description: 'identifiant GitHub (relecture depuis la forge)' },
            gitlab: { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,255}$', description: 'identifiant GitLab (relecture depuis la forge)' },
          },
        },
      },
      accounts: {
        type: 'object',
        maxProperties: 1000,
        propertyNames: ID,
        additionalProperties: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: LABEL,
            twitter: { type: 'string', pattern: '^@?[A-Za-z0-9_]{1,15}$', description: 'identifiant X sans @' },
            mastodon: { type: 'string', pattern: '^@?[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', description: '@utilisateur@instance' },
            facebook: LABEL,
            bluesky: { type: 'string', maxLength: 253, pattern: '^@?([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$', description: 'identifiant Bluesky, ex. cress.bsky.social' },
          },
        },
      },
      hashtags: { type: 'array', maxItems: 500, uniqueItems: true, items: { type: 'string', pattern: '^[^#\\s]{1,100}$', description: 'sans le #' } },
      schedule: {
        type: 'object',
        additionalProperties: false,
        properties: {
          window: { type: 'object', additionalProperties: false, required: ['from', 'to'], properties: { from: HHMM, to: HHMM } },
          cadence: {
            type: 'object',
            additionalProperties: false,
            properties: Object.fromEntries(NETWORK_IDS.map((n) => [n, { type: 'integer', minimum: 1, maximum: 365 }])),
          },
        },
      },
      approval: {
        type: 'object',
        additionalProperties: false,
        properties: {
          stale_after_hours: { type: 'number', minimum: 0, maximum: 8760 },
          signed: { type: 'boolean', description: 'décisions signées exigées (clé SSH de la personne, people[].keys)' },
          forge_key: { ...SSH_PUBLIC_KEY, description: 'moitié publique de la clé de la forge (secret LM_POST_FORGE_KEY)' },
        },
      },
      letter: LETTER_SCHEMA,
      feed: {
        type: 'object',
        additionalProperties: false,
        required: ['site'],
        description: 'flux du site (lm-post feed)',
        properties: {
          title: LABEL,
          site: HTTPS_URL,
          types: { type: 'array', uniqueItems: true, maxItems: 100, items: ID },
          language: { type: 'string', pattern: '^[a-z]{2}(-[A-Z]{2})?$' },
        },
      },
      rules: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(RULES.map((r) => [r.meta.id, ruleSetting(r.meta.optionsSchema)])),
      },
    },
  };
}
