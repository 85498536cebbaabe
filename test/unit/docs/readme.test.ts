// The README against what it describes: the tables of the shipped pack against rules/ (every rule
// listed once, with the id, title and level of its file, a meta-filter's level read as "filter",
// nothing the pack does not ship), and the
// settings table against package.json.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

const ROOT = join(__dirname, '..', '..', '..');
const SKIPPED = new Set(['baseline', 'samples', 'fixtures']);

function ruleFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return SKIPPED.has(entry.name) ? [] : ruleFiles(join(dir, entry.name));
    return entry.name.endsWith('.yml') ? [join(dir, entry.name)] : [];
  });
}

interface Listed {
  name: string;
  id: string;
  title: string;
  level: string;
}

function shippedRules(): Listed[] {
  return ruleFiles(join(ROOT, 'rules')).flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS() as (Partial<Listed> & { filter?: unknown }) | null)
      .filter((rule): rule is Listed & { filter?: unknown } => typeof rule?.title === 'string')
      .map(({ name, id, title, level, filter }) => ({ name, id, title, level: filter === undefined ? level : 'filter' })),
  );
}

function readmeRows(): Listed[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The rule pack'), readme.indexOf('\n## ', readme.indexOf('## The rule pack') + 1));
  return section
    .split('\n')
    .map((line) => /^\| `([a-z0-9_]+)` \(([0-9a-f-]{36})\) \| (.+?) \| (critical|high|medium|low|informational|filter) \|/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, name, id, title, level]) => ({ name: name as string, id: id as string, title: (title as string).replace(/\\\|/g, '|'), level: level as string }));
}

describe('README rule tables', () => {
  it('list every shipped rule once, with the id, title and level of its file', () => {
    const byName = (a: Listed, b: Listed) => a.name.localeCompare(b.name);
    const shipped = shippedRules().sort(byName);
    assert.equal(shipped.length, 34);
    assert.deepEqual(readmeRows().sort(byName), shipped);
  });
});

describe('README settings table', () => {
  it('lists every setting of package.json with its default', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const properties = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties as Record<string, { default: unknown }>;
    const listed = [...readme.matchAll(/^\| `(promptsift\.[a-zA-Z.]+)` \| `(.*?)` \|/gm)].map(([, key, value]) => [key, value]);
    assert.deepEqual(listed, Object.entries(properties).map(([key, property]) => [key, JSON.stringify(property.default)]));
  });
});
