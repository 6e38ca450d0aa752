// Who validates, in the charter's own words: the labels of the groups its validators belong to
// (the media group's label in this repository's charter, "Groupe communication" in init's template),
// so that messages name each collective's own people and no message hard-codes one association's group.
import type { CharterData } from './types.js';

/** The validators' group label(s), comma-separated; the charter's organisation when no validator is named. */
export function validatorsLabel(charter: Pick<CharterData, 'groups' | 'people' | 'organisation'>): string {
  const labels: string[] = [];
  for (const p of charter.people ?? []) {
    if (!p.validator) continue;
    const label = charter.groups?.[p.group]?.label?.trim() || p.group;
    if (label && !labels.includes(label)) labels.push(label);
  }
  return labels.length ? labels.join(', ') : charter.organisation;
}
