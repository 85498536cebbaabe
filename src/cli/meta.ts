// What the CLI says about itself: its version (bundled from package.json at build time), where
// its documentation lives, and the catalogue of checks it can report.

import { allCheckMeta } from '../core/checks/index';
import { baselineCheck } from '../core/pack/baseline';
import { packConfigCheck } from '../core/pack/config';
import type { CheckMeta } from '../core/problems';
import packageJson from '../../package.json';

export const VERSION: string = packageJson.version;

/** The project home; package.json's `homepage` wins once it has one. */
export const HOME_URL: string = (packageJson as { homepage?: string }).homepage ?? 'https://github.com/promptsift/promptsift';

/** The documentation anchor of a check (docs/checks.md has one heading per check id). */
export function checkDocsUrl(checkId: string): string {
  return `${HOME_URL}/blob/main/docs/checks.md#${checkId}`;
}

/** Every check the CLI can report, sorted by id: the engine's checks plus those of the pack
 * configuration and the baseline, which the CLI reports too. */
export function checkCatalogue(): CheckMeta[] {
  const byId = new Map<string, CheckMeta>();
  for (const check of [...allCheckMeta(), packConfigCheck, baselineCheck]) if (!byId.has(check.id)) byId.set(check.id, check);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
