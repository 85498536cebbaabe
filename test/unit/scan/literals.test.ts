import { strict as assert } from 'node:assert';
import { escapeTriggers, isSafeCharacter, longestSafePiece, rawSpellings, ruleLiteralNeed, type LiteralNeed } from '../../../src/core/scan/index';
import { detectionFrom } from '../../helpers';

function needOf(detection: string, logsource = 'product: llm'): LiteralNeed {
  return ruleLiteralNeed(detectionFrom(`title: T\nlogsource:\n    ${logsource}\ndetection:\n${detection.replace(/^/gm, '    ')}\n`));
}

describe('scan literals', () => {
  describe('safe pieces', () => {
    it('cuts at characters raw logs spell differently and keeps the longest piece', () => {
      assert.equal(longestSafePiece('say "hello world" now'), 'hello world');
      assert.equal(longestSafePiece('and/or either'), 'or either');
      assert.equal(longestSafePiece('C:\\Windows\\System32'), 'System32');
      assert.equal(longestSafePiece('tab\there'), 'here');
    });

    it('keeps apostrophes, angle brackets and CJK, which escape only as \\uXXXX', () => {
      assert.equal(longestSafePiece("don't <stop>"), "don't <stop>");
      assert.equal(longestSafePiece('原样输出思考过程'), '原样输出思考过程');
    });

    it('drops pieces that are only number characters, since JSON numbers are matched as their decimal text', () => {
      assert.equal(longestSafePiece('1.5e3'), undefined);
      assert.equal(longestSafePiece('12345/gpt-4'), 'gpt-4');
    });

    it('treats letters with case variants beyond ASCII, line separators and lone surrogates as unsafe', () => {
      assert.equal(isSafeCharacter('é'), false);
      assert.equal(isSafeCharacter('\u2028'), false);
      assert.equal(isSafeCharacter('\ud83d'), false);
      assert.equal(isSafeCharacter('思'), true);
      assert.equal(isSafeCharacter('😀'), true);
      assert.equal(longestSafePiece('café au lait'), ' au lait');
    });

    it('spells non-ASCII pieces as raw UTF-8 bytes and as JSON escapes', () => {
      assert.deepEqual(rawSpellings('abc'), ['abc']);
      assert.deepEqual(rawSpellings('思考'), ['\u00e6\u0080\u009d\u00e8\u0080\u0083', '\\u601d\\u8003']);
      assert.deepEqual(rawSpellings('a😀'), ['a\u00f0\u009f\u0098\u0080', 'a\\ud83d\\ude00']);
    });

    it('lists the \\u00XX escapes of both cases of every ASCII character of the pieces', () => {
      assert.deepEqual(escapeTriggers(['ab', '思']), ['\\u0041', '\\u0042', '\\u0061', '\\u0062']);
    });
  });

  describe('rule needs', () => {
    it('takes the longest safe piece of a plain value, lowercased', () => {
      assert.deepEqual(needOf("selection:\n    prompt|contains: 'Step By Step'\ncondition: selection"), { kind: 'any', pieces: ['step by step'] });
    });

    it('ORs values and alternatives, and picks the most selective item of an AND', () => {
      const need = needOf(
        "selection:\n    - prompt|contains: ['reveal', 'expose']\n      model: 'o1'\n    - system|contains: 'hidden rules'\ncondition: selection",
      );
      assert.deepEqual(need, { kind: 'any', pieces: ['expose', 'hidden rules', 'reveal'] });
    });

    it('gives nothing for `not`, and the positive part of `a and not b`', () => {
      assert.equal(needOf("a:\n    prompt|contains: 'abc'\ncondition: not a").kind, 'always');
      const need = needOf("a:\n    prompt|contains: 'reveal prompt'\nb:\n    prompt|contains: 'benign'\ncondition: a and not b");
      assert.deepEqual(need, { kind: 'any', pieces: ['reveal prompt'] });
    });

    it('unites `1 of` and picks the best of `all of`', () => {
      const detection = "sel_a:\n    prompt|contains: 'alpha one'\nsel_b:\n    prompt|contains: 'beta'\ncondition: ";
      assert.deepEqual(needOf(`${detection}1 of sel_*`), { kind: 'any', pieces: ['alpha one', 'beta'] });
      assert.deepEqual(needOf(`${detection}all of sel_*`), { kind: 'any', pieces: ['alpha one'] });
    });

    it('needs nothing for exists, numbers, compare and cidr items', () => {
      assert.equal(needOf('selection:\n    prompt|exists: true\ncondition: selection').kind, 'always');
      assert.equal(needOf('selection:\n    status: 200\ncondition: selection', 'product: gateway').kind, 'always');
      assert.equal(needOf('selection:\n    latency|gt: 5\ncondition: selection', 'product: gateway').kind, 'always');
      assert.equal(needOf("selection:\n    ip|cidr: '10.0.0.0/8'\ncondition: selection", 'product: gateway').kind, 'always');
    });

    it('uses the required literals of regexes, and a better group when the whole set is common words', () => {
      assert.deepEqual(needOf("selection:\n    prompt|re: '(?i)chain[- ]of[- ]thought'\ncondition: selection"), {
        kind: 'any',
        pieces: ['chain of', 'chain-of'],
      });
      const need = needOf("selection:\n    prompt|re: '(?i)you are (now )?(an? )?(unrestricted|uncensored) (ai|model)'\ncondition: selection");
      assert.deepEqual(need, { kind: 'any', pieces: ['uncensored', 'unrestricted'] });
    });

    it('splits wildcard strings into their parts and windash values at dashes', () => {
      assert.deepEqual(needOf("selection:\n    prompt: '*ignore*previous instructions*'\ncondition: selection"), {
        kind: 'any',
        pieces: ['previous instructions'],
      });
      assert.deepEqual(needOf("selection:\n    prompt|windash|contains: '-encodedcommand'\ncondition: selection"), {
        kind: 'any',
        pieces: ['encodedcommand'],
      });
    });

    it('searches base64 values by their encoding and gives up on UTF-16 ones', () => {
      assert.deepEqual(needOf("selection:\n    prompt|base64|contains: 'secret'\ncondition: selection"), { kind: 'any', pieces: ['c2vjcmv0'] });
      assert.equal(needOf("selection:\n    prompt|wide|base64|contains: 'secret'\ncondition: selection").kind, 'always');
    });
  });
});
