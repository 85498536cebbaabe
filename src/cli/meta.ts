// What the CLI says about itself: its version (bundled from package.json at build time), where
// its documentation lives, and the catalogue of checks it can report.

import { allCheckMeta } from '../core/checks/index';
import { baselineCheck } from '../core/pack/baseline';
import { correlationFixturesCheck } from '../core/pack/correlation-fixtures';
import { packConfigCheck } from '../core/pack/config';
import type { CheckMeta } from '../core/problems';
import packageJson from '../../package.json';

export const VERSION: string = packageJson.version;

/** The project home, when package.json names one; reports leave links out rather than invent them. */
export const HOME_URL: string | undefined = (packageJson as { homepage?: string }).homepage;

/** Where a documentation page lives: a link under the project home, or its path in the repository. */
export function docsLink(page: string, anchor: string): { uri?: string; text: string } {
  const path = `docs/${page}#${anchor}`;
  return HOME_URL ? { uri: `${HOME_URL.replace(/\/$/, '')}/blob/main/${path}`, text: path } : { text: path };
}

/** Every check the CLI can report, sorted by id: the engine's checks plus those of the pack
 * configuration, the correlation fixtures and the baseline, which the CLI reports too. */
export function checkCatalogue(): CheckMeta[] {
  const byId = new Map<string, CheckMeta>();
  for (const check of [...allCheckMeta(), packConfigCheck, correlationFixturesCheck, baselineCheck]) if (!byId.has(check.id)) byId.set(check.id, check);
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
