// The live count shown while typing (SPEC §11): each network's length of the text as it will be
// sent — mentions rendered, link appended — measured by the same code as rule max-length.
import type { Charter, NetworkId } from '../charter/types.js';
import type { PostData } from '../post/types.js';
import { postTargets, renderPost } from '../render/index.js';
import { networkLength } from '../render/length.js';
import { RULES } from '../rules/index.js';
import { ruleSetting } from '../lint/engine.js';

export interface Count {
  network: NetworkId;
  label: string;
  length: number;
  max: number;
}

/** Length of item `item` of `data` on each of its target networks. */
export function liveCount(data: PostData, charter: Charter, postDir: string, item = 0): Count[] {
  const out: Count[] = [];
  for (const n of postTargets(data, charter)) {
    const r = renderPost(data, charter, n, postDir);
    const it = r.items[Math.min(item, r.items.length - 1)];
    const cfg = charter.networks[n]!;
    out.push({ network: n, label: cfg.label, length: it ? networkLength(n, it.text, item === 0 ? r.spoiler : undefined) : 0, max: cfg.max_length });
  }
  return out;
}

export function formatCount(counts: readonly Count[]): string {
  return counts.map((c) => `${c.label} ${c.length}/${c.max}${c.length > c.max ? ' ✗' : ''}`).join(' · ');
}

/** The charter's minimum alt-text length (rule alt-text's `min_length`). */
export function altMinLength(charter: Charter): number {
  const rule = RULES.find((r) => r.meta.id === 'alt-text');
  if (!rule) return 15;
  const s = ruleSetting(charter, rule);
  return s.severity === 'off' ? 1 : Number(s.options.min_length ?? 15);
}
