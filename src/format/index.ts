// Formatters are pure: (results, context) => string. The CLI chooses and prints.
import type { Lang } from '../i18n/index.js';
import type { LintResult } from '../lint/engine.js';
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { stylish } from './stylish.js';

export interface FormatContext {
  lang: Lang;
  color: boolean;
}

export const FORMATTERS = {
  stylish,
  json,
  github,
  gitlab,
} as const satisfies Record<string, (results: readonly LintResult[], ctx: FormatContext) => string>;

export type FormatName = keyof typeof FORMATTERS;
export const FORMAT_NAMES = Object.keys(FORMATTERS) as FormatName[];
