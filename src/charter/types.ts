import type { Lang } from '../i18n/index.js';
import type { ParsedYaml } from '../util/yaml.js';

/** Networks lm-post knows how to render and publish to. Adding one = one adapter + one entry here. */
export const NETWORK_IDS = ['twitter', 'mastodon', 'facebook', 'bluesky'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

/**
 * The fortnightly letter is a channel, not a social network: a type or a post may name it among
 * its `networks`, but it has no publishing adapter, no cadence and no duplicate check; it is
 * assembled and sent as a whole by `lm-post letter` (SPEC §14). Social code keeps NetworkId.
 */
export const LETTER = 'letter' as const;
export const CHANNEL_IDS = [...NETWORK_IDS, LETTER] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

export function isNetworkId(id: string): id is NetworkId {
  return (NETWORK_IDS as readonly string[]).includes(id);
}

export type Severity = 'error' | 'warn' | 'off';
export const SEVERITIES: readonly Severity[] = ['error', 'warn', 'off'];

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct';

export interface NetworkConfig {
  label: string;
  max_length: number;
  max_media: number;
  max_hashtags: number;
  /** Bytes; default per network (X 5 MB, Mastodon 16 MB, Facebook 10 MB for images). */
  max_image_bytes?: number;
  instance?: string;
  mirror_of?: NetworkId;
  visibility?: Visibility;
  thread_visibility?: Visibility;
  /** X only: the API plan in force (SPEC §12). Default `pay-per-use`. */
  plan?: XPlan;
  /** X only: prices per created post in force, in `currency` (SPEC §12). */
  prices?: XPrices;
  /** X only: the most the association wants to spend per calendar month (rule x-budget). */
  monthly_budget?: number;
  /** Bluesky only: the PDS (default https://bsky.social; LM_POST_BLUESKY_SERVICE wins). */
  service?: string;
  /** Bluesky only: the post's languages (BCP 47, at most 3); default the charter's language. */
  langs?: string[];
  /** The account as the network shows it, for the previews (default: the organisation's name). */
  account?: { name?: string; handle?: string };
}

export type XPlan = 'pay-per-use' | 'enterprise';

export interface XPrices {
  /** Price of a created post whose text holds no URL. */
  post?: number;
  /** Price of a created post whose text holds a URL. */
  post_with_link?: number;
  /** Price of one alt text (`POST /2/media/metadata`). */
  media_metadata?: number;
  /** Price of one read of the account (`GET /2/users/me`: doctor, reconciliation). */
  user_read?: number;
  currency?: string;
}

export interface PostTypeConfig {
  label: string;
  description?: string;
  audience?: string;
  /** Social networks and/or `letter`. */
  networks: ChannelId[];
  requires?: string[];
  thread?: boolean;
  approval?: 'review' | 'trained-author';
  window?: boolean;
}

export interface GroupConfig {
  label: string;
  description?: string;
  types: '*' | string[];
}

export interface Person {
  id: string;
  name: string;
  group: string;
  validator?: boolean;
  trained?: boolean;
  email?: string;
  /** Public SSH keys ("ssh-ed25519 AAAA… comment") that sign this person's decisions (SPEC §16). */
  keys?: string[];
  /** Forge logins: a review given there counts as this person's (SPEC §16). */
  github?: string;
  gitlab?: string;
}

export interface Account {
  name: string;
  twitter?: string;
  mastodon?: string;
  facebook?: string;
  /** Bluesky handle, e.g. `cress.bsky.social` (resolved to a DID at publish time). */
  bluesky?: string;
}

export type RuleSetting = Severity | [Severity] | [Severity, Record<string, unknown>];

export interface CharterData {
  version: 1;
  organisation: string;
  language?: Lang;
  timezone: string;
  paused?: boolean;
  networks: Partial<Record<NetworkId, NetworkConfig>>;
  types: Record<string, PostTypeConfig>;
  groups: Record<string, GroupConfig>;
  people: Person[];
  accounts?: Record<string, Account>;
  hashtags?: string[];
  schedule?: {
    window?: { from: string; to: string };
    cadence?: Partial<Record<NetworkId, number>>;
  };
  approval?: {
    stale_after_hours?: number;
    /** Decisions count only when signed by the person named (SPEC §16). */
    signed?: boolean;
    /** Public half of the forge key (CI secret LM_POST_FORGE_KEY). */
    forge_key?: string;
  };
  rules?: Record<string, RuleSetting>;
  letter?: LetterConfig;
  feed?: FeedConfig;
}

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export const WEEKDAYS: readonly Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

export interface LetterSection {
  id: string;
  title: string;
  /** Post types that feed this section (an item goes to the first section that takes it). */
  types: string[];
  /** Only items whose text carries one of these hashtags (e.g. JeudiWe, MardiPro). */
  hashtags?: string[];
  /** `fortnight` (default): events starting, or items dated, within the fortnight; `upcoming`: events starting from the fortnight on, within `horizon_days`. */
  when?: 'fortnight' | 'upcoming';
  horizon_days?: number;
  /** At most this many items (the earliest). */
  max?: number;
  intro?: string;
}

/** The fortnightly letter (SPEC §14). */
export interface LetterConfig {
  title: string;
  sender: { name: string; email: string };
  /** Fortnights start on `starts` every other week, counted from `anchor` (a date on that weekday). */
  fortnight: { starts: Weekday; anchor?: string };
  intro?: string;
  footer: { text?: string; unsubscribe: string; address?: string };
  /** The letter's own limits, checked on letter items. */
  max_length?: number;
  max_media?: number;
  /** Folder of the templates, relative to the charter (default `letter`). */
  templates?: string;
  sections: LetterSection[];
}

/** The website's feeds (lm-post feed). */
export interface FeedConfig {
  title?: string;
  /** The website's address; ids are derived from its host. */
  site: string;
  types?: string[];
  language?: string;
}

export interface Charter extends CharterData {
  /** Path of the charter file as given (for messages). */
  file: string;
  parsed: ParsedYaml;
}

/** Target networks of a post type: its networks plus every network that mirrors one of them. */
export function targetNetworks(charter: CharterData, networks: readonly ChannelId[]): NetworkId[] {
  const out: NetworkId[] = [];
  for (const n of networks) {
    // The letter is not published like a network (see LETTER).
    if (!isNetworkId(n)) continue;
    if (!out.includes(n) && charter.networks[n]) out.push(n);
    for (const id of NETWORK_IDS) {
      if (charter.networks[id]?.mirror_of === n && !out.includes(id)) out.push(id);
    }
  }
  return out;
}
