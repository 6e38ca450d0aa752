import type { Lang } from '../i18n/index.js';
import type { ParsedYaml } from '../util/yaml.js';

/** Networks lm-post knows how to render and publish to. Adding one = one adapter + one entry here. */
export const NETWORK_IDS = ['twitter', 'mastodon', 'facebook'] as const;
export type NetworkId = (typeof NETWORK_IDS)[number];

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
}

export type XPlan = 'pay-per-use' | 'enterprise';

export interface XPrices {
  /** Price of a created post whose text holds no URL. */
  post?: number;
  /** Price of a created post whose text holds a URL. */
  post_with_link?: number;
  currency?: string;
}

export interface PostTypeConfig {
  label: string;
  description?: string;
  audience?: string;
  networks: NetworkId[];
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
}

export interface Account {
  name: string;
  twitter?: string;
  mastodon?: string;
  facebook?: string;
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
  approval?: { stale_after_hours?: number };
  rules?: Record<string, RuleSetting>;
}

export interface Charter extends CharterData {
  /** Path of the charter file as given (for messages). */
  file: string;
  parsed: ParsedYaml;
}

/** Target networks of a post type: its networks plus every network that mirrors one of them. */
export function targetNetworks(charter: CharterData, networks: readonly NetworkId[]): NetworkId[] {
  const out: NetworkId[] = [];
  for (const n of networks) {
    if (!out.includes(n) && charter.networks[n]) out.push(n);
    for (const id of NETWORK_IDS) {
      if (charter.networks[id]?.mirror_of === n && !out.includes(id)) out.push(id);
    }
  }
  return out;
}
