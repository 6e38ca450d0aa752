// The rule registry, sorted by id. A rule's id is its file name; adding a rule = one file + one line.
import altText from './alt-text.js';
import approval from './approval.js';
import authorAllowed from './author-allowed.js';
import cadence from './cadence.js';
import duplicate from './duplicate.js';
import eventDates from './event-dates.js';
import frenchTypography from './french-typography.js';
import hashtagCase from './hashtag-case.js';
import hashtagsMax from './hashtags-max.js';
import inclusiveWriting from './inclusive-writing.js';
import letterItem from './letter-item.js';
import linkHttps from './link-https.js';
import linkShortener from './link-shortener.js';
import maxLength from './max-length.js';
import mediaFile from './media-file.js';
import mentionsKnown from './mentions-known.js';
import networkForType from './network-for-type.js';
import publishWindow from './publish-window.js';
import receipts from './receipts.js';
import requiredFields from './required-fields.js';
import schedulePast from './schedule-past.js';
import schema from './schema.js';
import textHygiene from './text-hygiene.js';
import threadAllowed from './thread-allowed.js';
import typeKnown from './type-known.js';
import xBudget from './x-budget.js';
import type { Rule } from './types.js';
import { byCodePoint } from '../util/order.js';

export const RULES: readonly Rule[] = [
  altText,
  approval,
  authorAllowed,
  cadence,
  duplicate,
  eventDates,
  frenchTypography,
  hashtagCase,
  hashtagsMax,
  inclusiveWriting,
  letterItem,
  linkHttps,
  linkShortener,
  maxLength,
  mediaFile,
  mentionsKnown,
  networkForType,
  publishWindow,
  receipts,
  requiredFields,
  schedulePast,
  schema,
  textHygiene,
  threadAllowed,
  typeKnown,
  xBudget,
].sort((a, b) => byCodePoint(a.meta.id, b.meta.id));

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.meta.id, r]));
