// The registry of checks stays honest: every check has a kebab-case id of its own, a test file
// named after it that runs it through the CheckTester, and a section in docs/checks.md.

import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS, PARSE_CHECKS, allCheckMeta } from '../../src/core/checks/index';
import { placeholdersOf } from './check-tester';

const root = join(__dirname, '..', '..');
const docs = readFileSync(join(root, 'docs', 'checks.md'), 'utf8');
const sections = new Map<string, string>();
for (const part of docs.split(/^## /m).slice(1)) {
  const newline = part.indexOf('\n');
  sections.set(part.slice(0, newline).trim(), part.slice(newline));
}

describe('check registry', () => {
  it('has unique kebab-case ids', () => {
    const ids = allCheckMeta().map((check) => check.id);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
    assert.deepEqual(ids.filter((id) => !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)), []);
  });

  for (const check of allCheckMeta()) {
    describe(check.id, () => {
      it('has a test file named after it that runs it through testCheck', async () => {
        const file = join(root, 'test', 'checks', `${check.id}.test.ts`);
        assert.ok(existsSync(file), `missing test/checks/${check.id}.test.ts`);
        const source = readFileSync(file, 'utf8');
        const tested = /\btestCheck\(\s*(\w+)\s*,/.exec(source)?.[1];
        assert.ok(tested, 'the test file must call testCheck(check, …)');
        const from = new RegExp(`import \\{[^}]*\\b${tested}\\b[^}]*\\} from '([^']+)'`).exec(source)?.[1];
        assert.ok(from, `the test file must import ${tested}`);
        const module = (await import(join(root, 'test', 'checks', from))) as Record<string, unknown>;
        assert.equal(module[tested], check, `test/checks/${check.id}.test.ts tests another check`);
      });

      it('has a "## <id>" section in docs/checks.md naming its severity and every message id', () => {
        const section = sections.get(check.id);
        assert.ok(section !== undefined, `docs/checks.md has no "## ${check.id}" section`);
        assert.match(section, new RegExp(`\\*\\*Default severity:\\*\\* ${check.severity}\\b`));
        for (const messageId of Object.keys(check.messages)) assert.ok(section.includes(`\`${messageId}\``), `docs/checks.md does not name message "${messageId}" of ${check.id}`);
      });

      it('has a description and one-sentence messages whose placeholders are words', () => {
        assert.ok(check.description.length > 10 && check.description.endsWith('.'), check.description);
        for (const [messageId, template] of Object.entries(check.messages)) {
          assert.ok(/^[a-z][A-Za-z0-9]*$/.test(messageId), `message id "${messageId}" is camelCase`);
          assert.ok(/([.?]|\}\})$/.test(template.trim()), `message "${messageId}" ends a sentence (or with a quoted detail)`);
          assert.deepEqual(template.match(/\{\{(?!\s*\w+\s*\}\})/g) ?? [], [], `message "${messageId}" has a malformed placeholder`);
          assert.ok(placeholdersOf(template).every((name) => /^[a-z]\w*$/.test(name)));
        }
      });
    });
  }

  it('lists the same checks in the docs as in the registry, in the same order', () => {
    assert.deepEqual([...sections.keys()], [...PARSE_CHECKS, ...CHECKS].map((check) => check.id));
  });
});
