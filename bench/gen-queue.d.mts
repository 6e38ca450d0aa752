/** See gen-queue.mjs: writes charter/ and queue/ (with media) into `dir`; returns the post file names. */
export function generateQueue(dir: string, n: number, opts?: { duplicates?: boolean; gaps?: boolean; threadDuplicates?: boolean }): string[];
