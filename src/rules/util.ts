import type { PostData } from '../post/types.js';
import type { FieldPath } from '../util/yaml.js';

export interface TextField {
  path: FieldPath;
  text: string;
}

/** Every free-text field of a post as written (before rendering): text, thread items, variants. */
export function textFields(data: PostData, opts: { spoilers?: boolean; alts?: boolean } = {}): TextField[] {
  const out: TextField[] = [];
  if (typeof data.text === 'string') out.push({ path: ['text'], text: data.text });
  data.thread?.forEach((t, i) => {
    if (typeof t.text === 'string') out.push({ path: ['thread', i, 'text'], text: t.text });
  });
  for (const [n, v] of Object.entries(data.variants ?? {})) {
    if (typeof v?.text === 'string') out.push({ path: ['variants', n, 'text'], text: v.text });
    if (opts.spoilers && typeof v?.spoiler === 'string') out.push({ path: ['variants', n, 'spoiler'], text: v.spoiler });
  }
  if (opts.alts) {
    for (const m of mediaFields(data)) if (typeof m.alt === 'string') out.push({ path: [...m.path, 'alt'], text: m.alt });
  }
  return out;
}

export interface MediaField {
  path: FieldPath;
  file: string;
  alt?: string;
}

/** Every media item declared in the post, wherever it is. */
export function mediaFields(data: PostData): MediaField[] {
  const out: MediaField[] = [];
  const add = (list: { file: string; alt?: string }[] | undefined, base: FieldPath) =>
    list?.forEach((m, i) => out.push({ path: [...base, i], file: m.file, ...(m.alt !== undefined ? { alt: m.alt } : {}) }));
  add(data.media, ['media']);
  data.thread?.forEach((t, i) => add(t.media, ['thread', i, 'media']));
  for (const [n, v] of Object.entries(data.variants ?? {})) add(v?.media, ['variants', n, 'media']);
  return out;
}

/** Every URL-valued field: link, share, event.url, thread links, variant links. */
export function linkFields(data: PostData): TextField[] {
  const out: TextField[] = [];
  if (data.link) out.push({ path: ['link'], text: data.link });
  if (data.share) out.push({ path: ['share'], text: data.share });
  if (data.event?.url) out.push({ path: ['event', 'url'], text: data.event.url });
  data.thread?.forEach((t, i) => t.link && out.push({ path: ['thread', i, 'link'], text: t.link }));
  for (const [n, v] of Object.entries(data.variants ?? {})) if (v?.link) out.push({ path: ['variants', n, 'link'], text: v.link });
  return out;
}
