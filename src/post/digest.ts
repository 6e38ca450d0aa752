// The approval digest: what a validator approved. Every field but review and published, in a
// canonical form (sorted keys), plus the bytes of every media file, plus what each network will
// receive as the charter renders it (handles, visibility, language…) — so any edit, even of an
// image or of the charter's address book, voids the approval.
import { createHash } from 'node:crypto';
import { inspectMedia, maxMediaBytes, readMediaBounded } from '../media/inspect.js';
import { mediaFields } from '../rules/util.js';
import type { Charter } from '../charter/types.js';
import { postTargets, renderPost } from '../render/index.js';
import type { PostData } from './types.js';

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, canonical((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}

export function postDigest(data: PostData, postDir: string, charter: Charter): string {
  const { review: _r, published: _p, ...content } = data;
  const h = createHash('sha256');
  h.update(JSON.stringify(canonical(content)));
  for (const network of postTargets(data, charter)) {
    const r = renderPost(data, charter, network, postDir);
    const sent = { ...r, items: r.items.map((i) => ({ text: i.text, media: i.media.map((m) => [m.file, m.alt]) })) };
    h.update(`\0render\0${JSON.stringify(canonical(sent))}`);
  }
  // Only what the media-file rule accepts is read (a regular file inside the queue, within the
  // size limit), through a bounded read: /dev/zero or a FIFO named as media must not stall every
  // command that checks an approval. Anything else is hashed as its problem, which the rule reports.
  const max = maxMediaBytes(charter);
  for (const m of mediaFields(data)) {
    h.update('\0media\0' + m.file + '\0');
    const info = inspectMedia(m.file, postDir, postDir);
    const bytes = 'kind' in info ? undefined : readMediaBounded(info.absPath, max);
    if (bytes) h.update(bytes);
    else h.update(`\0unreadable\0${'kind' in info ? info.kind : 'size'}\0`);
  }
  return `sha256:${h.digest('hex')}`;
}
