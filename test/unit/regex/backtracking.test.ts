import { strict as assert } from 'node:assert';
import { findSuperLinearBacktracking, type BacktrackingIssue } from '../../../src/core/regex/backtracking';
import { parseRegex } from '../../../src/core/regex/parse';

function issuesOf(pattern: string, flags = ''): BacktrackingIssue[] {
  const parsed = parseRegex(pattern, flags);
  assert.ok(parsed.ast, `/${pattern}/ should parse`);
  return findSuperLinearBacktracking(parsed.ast);
}

/** kind, degree (polynomial only), start, end, and '?' when it needs a failing suffix. */
function summary(pattern: string, flags = ''): string[] {
  return issuesOf(pattern, flags).map((i) => `${i.kind}${i.degree ?? ''} ${i.span.start}-${i.span.end}${i.needsFailingSuffix ? ' ?' : ''}`);
}

describe('regex/backtracking', () => {
  describe('must not flag common safe patterns', () => {
    const safe = [
      '\\bstep[- ]by[- ]step\\b',
      'internal\\s+reasoning',
      '^[a-z0-9_-]+\\.[a-z0-9._-]+$',
      '(foo|bar)baz',
      'a+b+',
      '[^"]*"',
      '.*',
      '\\w+@\\w+\\.com',
      '(?:reasoning|thought)s?\\s+(?:trace|process)',
      '^\\d{1,3}(\\.\\d{1,3}){3}$',
      '(\\s+\\w+)+$',
      '(a|ab)*c',
      '^(?:[a-z]+,)*[a-z]+$',
      '"(?:[^"\\\\]|\\\\.)*"',
      '\\w+\\b\\w+x',
      'a{1,100}a{1,100}x',
    ];
    for (const pattern of safe) {
      it(`/${pattern}/`, () => assert.deepEqual(summary(pattern), []));
    }
    it('keeps case-insensitive safe patterns safe', () => {
      assert.deepEqual(summary('(?:ignore|disregard)\\s+(?:all\\s+)?previous\\s+instructions', 'i'), []);
    });
  });

  describe('flags exponential loops', () => {
    const cases: [string, string][] = [
      ['(a+)+b', 'exponential 0-5'],
      ['(a*)*$', 'exponential 0-5'],
      ['(\\w+\\s?)+$', 'exponential 0-9'],
      ['(.*a){20}', 'exponential 0-9'],
      ['(a|a)*$', 'exponential 0-6'],
      ['(\\w|\\d)+$', 'exponential 0-8'],
      ['^(a|a?)+$', 'exponential 1-8'],
      ['(a|aa)+$', 'exponential 0-7'],
      ['x(x+x+)+y', 'exponential 1-8'],
      ['(\\d+\\d+x)+$', 'exponential 0-10'],
      ['(?:\\d+x\\d+)+$', 'exponential 0-12'],
      ['((a+)+)+b', 'exponential 1-6'],
      ['(?=(a+)+b)', 'exponential 3-8'],
    ];
    for (const [pattern, expected] of cases) {
      it(`/${pattern}/ → ${expected}`, () => assert.deepEqual(summary(pattern), [expected]));
    }
  });

  describe('flags loops that are ambiguous only on texts of several characters', () => {
    const cases: [string, string, string][] = [
      ['(a|ab|b)*$', 'exponential 0-9', 'ab'],
      ['(?:ab|abab)+$', 'exponential 0-12', 'abab'],
      ['(?:\\\\\\n|\\\\[\\s\\S])*$', 'exponential 0-18', '\\\n'],
      ['"(?:[^"\\\\]|\\\\\\n|\\\\.|\\\\[\\s\\S])*"', 'exponential 1-30', '\\'],
    ];
    for (const [pattern, expected, text] of cases) {
      it(`/${pattern}/ → ${expected} on ${JSON.stringify(text)}`, () => {
        assert.deepEqual(summary(pattern), [expected]);
        assert.equal(issuesOf(pattern)[0]!.pump, text);
      });
    }
    it('leaves loops with word boundaries to the run analysis', () => {
      assert.deepEqual(summary('(?:\\b\\w+\\b\\s*){3,}$'), []);
    });
  });

  describe('flags polynomial chains with their degree', () => {
    const cases: [string, string][] = [
      ['\\d+\\d+x', 'polynomial2 0-6'],
      ['.*.*=', 'polynomial2 0-4'],
      ['\\s*\\s*$', 'polynomial2 0-6'],
      ['a*a*b', 'polynomial2 0-4'],
      ['\\d+-?\\d+x', 'polynomial2 0-8'],
      ['\\d+(?:,\\d*)?\\d+x', 'polynomial2 0-15'],
      ['^(\\w+\\s?){1,3}$', 'polynomial3 1-14'],
      ['key\\s*=\\s*[\'"]? *\\w', 'polynomial2 7-17'],
      ['(?:x\\d+)\\d+y', 'polynomial2 4-11'],
      ['(?:\\d+x\\d+){2}', 'polynomial2 3-10'],
      ['(a+)\\s*\\s*\\1', 'polynomial2 4-10'],
    ];
    for (const [pattern, expected] of cases) {
      it(`/${pattern}/ → ${expected}`, () => assert.deepEqual(summary(pattern), [expected]));
    }
  });

  describe('tells whether something after the construct can fail', () => {
    it('marks a trailing ambiguous loop as needing a failing suffix', () => {
      assert.deepEqual(summary('(a+)+'), ['exponential 0-5 ?']);
      assert.deepEqual(summary('x\\s*\\s*'), ['polynomial2 1-7 ?']);
    });
    it('treats a suffix that can match the pumped character as unable to fail', () => {
      assert.deepEqual(summary('(a+)+a'), ['exponential 0-5 ?']);
      assert.deepEqual(summary('(a+)+[^b]'), ['exponential 0-5 ?']);
    });
    it('treats a finished lookahead as the end of its body', () => {
      assert.deepEqual(summary('(?=(a+)+)x'), ['exponential 3-8 ?']);
    });
    it('knows that a loop swallowing every character cannot be made to fail before the end', () => {
      assert.deepEqual(summary('(.|\\s)*$'), ['exponential 0-7 ?']);
      assert.deepEqual(summary('(.|\\s)*x'), ['exponential 0-7']);
      assert.deepEqual(summary('.*.*$', 's'), ['polynomial2 0-4 ?']);
      assert.deepEqual(summary('.*.*$'), ['polynomial2 0-4']);
    });
    it('counts a large minimum as a failure point of its own', () => {
      assert.deepEqual(summary('(.*a){12}'), ['exponential 0-9']);
    });
    it('sees anchors only as failure points outside multiline runs of line breaks', () => {
      assert.deepEqual(summary('\\s*\\s*$', 'm'), ['polynomial2 0-6']);
      assert.deepEqual(summary('[^a]*[^b]*$', 'm'), ['polynomial2 0-10']);
    });
  });

  describe('flags known ReDoS patterns from public advisories', () => {
    const advisories: [string, string, string, string][] = [
      ['OWASP: Java class name', '^(([a-z])+.)+[A-Z]([a-z])+$', '', 'exponential 1-13'],
      ['OWASP: e-mail validation', '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$', '', 'exponential 14-44'],
      ['ms, CVE-2015-8315', '^((?:\\d+)?\\.?\\d+) *(milliseconds?|msecs?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d|years?|yrs?|y)?$', 'i', 'polynomial2 5-16'],
      ['charset, CVE-2017-16098', '(?:charset|encoding)\\s*=\\s*[\'"]? *([\\w\\-]+)', 'i', 'polynomial2 24-34'],
      ['color-string, CVE-2021-29060', '^hwb\\(\\s*([+-]?\\d*[\\.]?\\d+)(deg)?\\s*,\\s*([+-]?[\\d\\.]+)%\\s*,\\s*([+-]?[\\d\\.]+)%\\s*(?:,\\s*([+-]?[\\d\\.]+)\\s*)?\\)$', '', 'polynomial2 15-26'],
      ['glob-parent, CVE-2020-28469', '[\\{\\[].*[\\/]*.*[\\}\\]]$', '', 'polynomial3 6-15'],
      ['is-svg, CVE-2021-28092', '^\\s*(?:<\\?xml[^>]*>\\s*)?(?:<!doctype svg[^>]*\\s*(?:\\[?(?:\\s*<![^>]*>\\s*)*\\]?)*[^>]*>\\s*)?(?:<svg[^>]*>[^]*<\\/svg>|<svg[^/>]*\\/\\s*>)\\s*$', 'i', 'polynomial3 40-83,exponential 54-73'],
      ['semver, CVE-2022-25883', '(\\s*)((?:<|>)?=?)\\s*(\\d+\\.\\d+\\.\\d+)', '', 'polynomial2 1-20'],
      ['path-parse, CVE-2021-23343', '^(\\/?|)([\\s\\S]*?)((?:\\.{1,2}|[^\\/]+?|)(\\.[^.\\/]*|))(?:[\\/]*)$', '', 'polynomial2 8-36,polynomial2 8-59'],
      ['configobj, CVE-2023-26112', '(.+?)\\((.*)\\)', '', 'polynomial2 1-10'],
      ['marked inline code, markedjs/marked#937', '^(`+)\\s*([\\s\\S]*?[^`])\\s*\\1(?!`)', '', 'polynomial2 2-17,polynomial3 5-25'],
      ['Cloudflare WAF outage, July 2019', '(?:(?:\\"|\'|\\]|\\}|\\\\|\\d|(?:nan|infinity|true|false|null|undefined|symbol|math)|\\`|\\-|\\+)+[)]*;?((?:\\s|-|~|!|{}|\\|\\||\\+)*.*(?:.*=.*)))', '', 'polynomial4 3-126'],
    ];
    for (const [name, pattern, flags, expected] of advisories) {
      it(name, () => assert.deepEqual(summary(pattern, flags).join(','), expected));
    }
  });

  it('names the loops, the pump character and the degree in the message', () => {
    const [issue] = issuesOf('\\d+\\d+x');
    assert.deepEqual(issue!.parts, [{ start: 0, end: 3 }, { start: 3, end: 6 }]);
    assert.equal(issue!.pump, '0');
    assert.match(issue!.message, /^`\\d\+` and `\\d\+` can share one run of '0'.*n\^2/);
    const [exp] = issuesOf('(\\w+\\s?)+$');
    assert.match(exp!.message, /^`\(\\w\+\\s\?\)\+` can match the same text in more than one way \(try a long run of 'a'\)/);
  });

  it('uses case-insensitive character sets', () => {
    assert.deepEqual(summary('a+A+x'), []);
    assert.deepEqual(summary('a+A+x', 'i'), ['polynomial2 0-4']);
    assert.deepEqual(summary('[^a]*A', 'i'), []);
  });

  it('uses unicode property sets in unicode mode', () => {
    assert.deepEqual(summary('\\p{Lu}+[A-Z]+x', 'u'), ['polynomial2 0-13']);
    assert.deepEqual(summary('\\p{Ll}+[A-Z]+x', 'u'), []);
  });
});
