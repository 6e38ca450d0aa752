// Who approves, as a message names them: the labels of the groups whose people are validators
// (« GR Médias » in the example charter), so no message hard-codes one association's group.
import type { CharterData } from './types.js';

/** The validators' group label(s), joined; the charter's organisation when no group has one. */
export function validatorsLabel(charter: Pick<CharterData, 'groups' | 'people' | 'organisation'>): string {
  const groups = [...new Set(charter.people.filter((p) => p.validator).map((p) => p.group))];
  const labels = groups.map((g) => charter.groups[g]?.label ?? g);
  return labels.length ? labels.join(', ') : charter.organisation;
}
