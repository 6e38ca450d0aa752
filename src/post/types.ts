import type { ChannelId, NetworkId, Visibility } from '../charter/types.js';
import type { ParsedYaml } from '../util/yaml.js';

export interface MediaItem {
  file: string;
  alt?: string;
}

export interface ThreadItem {
  text?: string;
  link?: string;
  media?: MediaItem[];
}

export interface Variant {
  text?: string;
  link?: string;
  media?: MediaItem[];
  spoiler?: string;
  visibility?: Visibility;
}

export interface EventInfo {
  name?: string;
  starts?: string;
  ends?: string;
  place?: string;
  url?: string;
}

export interface Receipt {
  id: string;
  url?: string;
  at: string;
  /** Bluesky: the record's CID (its content hash), next to its at:// URI in `id`. */
  cid?: string;
  /** Ids of thread replies, in order, when the post is a thread. */
  thread?: string[];
}

export interface ReviewEntry {
  state: 'approved' | 'changes-requested' | 'rejected';
  by: string;
  at: string;
  note?: string;
  /** Signed decisions (SPEC §16): what was decided on, where, and the SSHSIG signature. */
  digest?: string;
  via?: string;
  signature?: string;
}

export interface Review extends ReviewEntry {
  /** Every decision, newest last (SPEC §11). */
  history?: ReviewEntry[];
}

export interface PostData {
  type: string;
  author: string;
  text?: string;
  link?: string;
  media?: MediaItem[];
  publish_at?: string;
  event?: EventInfo;
  share?: string;
  thread?: ThreadItem[];
  networks?: ChannelId[];
  /** Also in the fortnightly letter (true), or kept out of it although its type feeds a section (false). */
  letter?: boolean;
  variants?: Partial<Record<NetworkId, Variant>>;
  review?: Review;
  published?: Partial<Record<NetworkId, Receipt>>;
  /** SPEC §17: withdrawn by `lm-post withdraw` — kept, never published, listed or counted again. */
  withdrawn?: Withdrawal;
}

export interface Withdrawal {
  by: string;
  at: string;
  note: string;
}

/** A post file as read from the queue. `data` is set only when the file passed the schema. */
export interface PostFile {
  id: string;
  /** Absolute path. */
  path: string;
  /** Path as shown to the user (relative to the working directory). */
  file: string;
  bytes: Uint8Array;
  parsed: ParsedYaml;
  data?: PostData;
}
