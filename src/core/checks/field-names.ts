// What an LLM rule's field name resolves to: a taxonomy field, a likely typo of one, or a raw path.

import { TAXONOMY_FIELDS } from '../model';
import { closestMatch } from './closest';

const KNOWN = new Set(TAXONOMY_FIELDS);

/** The taxonomy field `name` is probably a misspelling of, when it is not one itself. */
export function taxonomySuggestion(name: string): string | undefined {
  return KNOWN.has(name) ? undefined : closestMatch(name, TAXONOMY_FIELDS);
}

export function isTaxonomyName(name: string): boolean {
  return KNOWN.has(name);
}
