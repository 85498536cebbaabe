// Which files of a pack the editor lints: the CLI's glob semantics, and the nearest pack wins.
import assert from 'node:assert/strict';
import { globMatcher } from '../../../src/cli/files';
import { DEFAULT_CONFIG } from '../../../src/core/engine';
import { innermostRoot, pathBelow, ruleFileMatcher } from '../../../src/extension/pack-globs';

describe('ruleFileMatcher', () => {
  const isRule = ruleFileMatcher(['./rules/**/*.yml', 'extra.yaml'], ['rules/drafts/**', '**/.cache/**']);

  for (const [path, expected] of [
    ['rules/a.yml', true],
    ['rules/deep/er/b.yml', true],
    ['extra.yaml', true],
    ['rules/a.yaml', false],
    ['notes/a.yml', false],
    ['rules/drafts/wip.yml', false],
    ['rules/.hidden.yml', false],
    ['rules/x/.cache/c.yml', false],
    ['rules/promptsift.yaml', false],
  ] as const) {
    it(`${expected ? 'selects' : 'leaves out'} ${path}`, () => assert.equal(isRule(path), expected));
  }

  it('agrees with the CLI for the default pack globs', () => {
    const isCliRule = globMatcher(DEFAULT_CONFIG.rules, { dot: false });
    const isCliExcluded = globMatcher(DEFAULT_CONFIG.exclude, { dot: true });
    const isEditorRule = ruleFileMatcher(DEFAULT_CONFIG.rules, DEFAULT_CONFIG.exclude);
    const paths = ['a.yml', 'x/b.yaml', '.github/ci.yml', 'x/.hidden/c.yml', 'node_modules/p/r.yml', 'x/.git/d.yml', 'a.json'];
    for (const path of paths) assert.equal(isEditorRule(path), isCliRule(path) && !isCliExcluded(path), path);
  });
});

describe('pathBelow', () => {
  it('gives the path below a root', () => {
    assert.equal(pathBelow('/w/pack', '/w/pack/rules/a.yml'), 'rules/a.yml');
    assert.equal(pathBelow('/w/pack/', '/w/pack/a.yml'), 'a.yml');
  });

  it('is undefined for the root itself and for paths that only share a prefix', () => {
    assert.equal(pathBelow('/w/pack', '/w/pack'), undefined);
    assert.equal(pathBelow('/w/pack', '/w/packs/a.yml'), undefined);
  });
});

describe('innermostRoot', () => {
  it('picks the nearest enclosing pack root', () => {
    const roots = ['/w', '/w/packs/a', '/w/packs'];
    assert.equal(innermostRoot(roots, '/w/packs/a/rules/r.yml'), '/w/packs/a');
    assert.equal(innermostRoot(roots, '/w/packs/b/r.yml'), '/w/packs');
    assert.equal(innermostRoot(roots, '/elsewhere/r.yml'), undefined);
  });
});
