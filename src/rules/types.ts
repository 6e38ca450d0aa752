import type { Charter, NetworkId, Severity } from '../charter/types.js';
import type { Bilingual } from '../i18n/index.js';
import type { PostData, PostFile } from '../post/types.js';
import type { RenderedPost } from '../render/index.js';
import type { FieldPath } from '../util/yaml.js';
import type { QueueIndex } from '../lint/queue-index.js';

export interface RuleMeta {
  /** Rule id = file name in src/rules/. */
  id: string;
  defaultSeverity: Severity;
  /** Cannot be turned off by the charter. */
  alwaysOn?: boolean;
  /** Runs only when asked (check --require-approval, publish), whatever the charter says. */
  onlyWhenRequested?: boolean;
  /** With onlyWhenRequested: still runs otherwise, as `ctx.requested === false`, for advice only (warnings). */
  adviseWhenNotRequested?: boolean;
  /** Network-specific messages carry the network. */
  description: Bilingual;
  messages: Readonly<Record<string, Bilingual>>;
  /** JSON Schema of the options object (charter `rules: { id: [severity, options] }`). */
  optionsSchema?: Readonly<Record<string, unknown>>;
  defaultOptions?: Readonly<Record<string, unknown>>;
}

export interface Report {
  messageId: string;
  path: FieldPath;
  data?: Readonly<Record<string, unknown>>;
  network?: NetworkId;
  /** Point at the field's key rather than its value. */
  key?: boolean;
  /** Point at this substring inside the scalar at `path`… */
  needle?: string;
  /** …found at this index of the field's value (tells repeated occurrences apart). */
  at?: number;
  /** Report as a warning even when the rule is an error (e.g. raw @handles in mentions-known). */
  warnOnly?: boolean;
}

/** What every post rule can see. Everything is read-only; rules only report. */
export interface RuleContext {
  readonly post: PostFile & { data: PostData };
  readonly charter: Charter;
  readonly options: Readonly<Record<string, unknown>>;
  readonly now: Date;
  /** False when an onlyWhenRequested rule runs for advice only (see adviseWhenNotRequested). */
  readonly requested: boolean;
  /** Absolute path of the queue folder (media must resolve inside it). */
  readonly queueDir: string;
  /** Networks the post goes to, mirrors included. */
  readonly targets: readonly NetworkId[];
  /** Rendered post for one of `targets` (memoised). */
  render(network: NetworkId): RenderedPost;
  /** The queue, indexed once per run (for queue-wide rules such as duplicate); includes this post. */
  readonly queue: QueueIndex;
  report(r: Report): void;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void | Promise<void>;
}

/** Typed identity helper so rule files stay declarative. */
export function defineRule<const M extends RuleMeta>(rule: { meta: M; check(ctx: RuleContext & { report(r: Report & { messageId: keyof M['messages'] & string }): void }): void | Promise<void> }): Rule {
  return rule as Rule;
}
