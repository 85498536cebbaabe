import { strict as assert } from 'node:assert';
import { compiledFrom, llmEvent, rawEvent, sigma } from '../../helpers';

/** Whether `field|modifiers: value` (value as YAML) matches `{ [field]: fieldValue }`. */
function hit(key: string, value: string, event: Record<string, unknown>): boolean {
  const compiled = compiledFrom(sigma(`sel:\n    ${key}: ${value}\ncondition: sel`));
  assert.deepEqual(compiled.issues, [], `${key}: ${value}`);
  return compiled.matches(rawEvent(event));
}

function issues(key: string, value: string): string[] {
  return compiledFrom(sigma(`sel:\n    ${key}: ${value}\ncondition: sel`)).issues.map((issue) => issue.reason);
}

describe('value modifiers', () => {
  it('contains, startswith, endswith', () => {
    assert.equal(hit('F|contains', 'mid', { F: 'a MID b' }), true);
    assert.equal(hit('F|contains', 'mid', { F: 'a mi d' }), false);
    assert.equal(hit('F|startswith', 'adm', { F: 'Administrator' }), true);
    assert.equal(hit('F|startswith', 'adm', { F: 'sadm' }), false);
    assert.equal(hit('F|endswith', "'\\cmd.exe'", { F: 'C:\\Windows\\System32\\cmd.exe' }), true);
    assert.equal(hit('F|endswith', "'\\cmd.exe'", { F: 'cmd.exe.bak' }), false);
  });

  it('all: every value of the list must match', () => {
    assert.equal(hit('F|contains|all', '[a1, b2]', { F: 'xx b2 yy a1' }), true);
    assert.equal(hit('F|contains|all', '[a1, b2]', { F: 'xx b2 yy' }), false);
  });

  it('re with i, m and s sub-modifiers (case-sensitive by default)', () => {
    assert.equal(hit('F|re', "'^ab+c$'", { F: 'abbbc' }), true);
    assert.equal(hit('F|re', "'^ab+c$'", { F: 'ABBC' }), false);
    assert.equal(hit('F|re|i', "'^ab+c$'", { F: 'ABBC' }), true);
    assert.equal(hit('F|re', "'^two$'", { F: 'one\ntwo' }), false);
    assert.equal(hit('F|re|m', "'^two$'", { F: 'one\ntwo' }), true);
    assert.equal(hit('F|re', "'a.b'", { F: 'a\nb' }), false);
    assert.equal(hit('F|re|s', "'a.b'", { F: 'a\nb' }), true);
    assert.equal(hit('F|re|ignorecase', "'x'", { F: 'X' }), true);
    // A leading PCRE inline flag group, as real SigmaHQ rules write it, becomes a JavaScript flag.
    assert.equal(hit('F|re', "'(?i)^ab+c$'", { F: 'ABBC' }), true);
    assert.equal(hit('F|re', "'(?is)a.b'", { F: 'A\nB' }), true);
  });

  it('cased makes string matching case-sensitive', () => {
    assert.equal(hit('F|cased', 'Abc', { F: 'abc' }), false);
    assert.equal(hit('F|cased', 'Abc', { F: 'Abc' }), true);
  });

  it('exists tests presence only', () => {
    assert.equal(hit('F|exists', 'true', { F: '' }), true);
    assert.equal(hit('F|exists', 'true', { G: 1 }), false);
    assert.equal(hit('F|exists', 'false', { G: 1 }), true);
  });

  it('neq: present and different from every value', () => {
    assert.equal(hit('F|neq', 'a', { F: 'b' }), true);
    assert.equal(hit('F|neq', 'a', { F: 'A' }), false);
    assert.equal(hit('F|neq', '[a, b]', { F: 'b' }), false);
    assert.equal(hit('F|neq', '[a, b]', { F: 'c' }), true);
    assert.equal(hit('F|neq', 'a', { G: 'x' }), false);
    assert.equal(hit('F|neq', '5', { F: 6 }), true);
  });

  it('lt, lte, gt, gte compare numbers, also numeric strings', () => {
    assert.equal(hit('F|lt', '10', { F: 9 }), true);
    assert.equal(hit('F|lt', '10', { F: 10 }), false);
    assert.equal(hit('F|lte', '10', { F: '10' }), true);
    assert.equal(hit('F|gt', '10', { F: 10.5 }), true);
    assert.equal(hit('F|gte', '10', { F: 9.99 }), false);
    assert.equal(hit('F|gt', '10', { F: 'many' }), false);
  });

  it('windash permutes -, /, en dash, em dash and horizontal bar', () => {
    for (const dash of ['-', '/', '\u2013', '\u2014', '\u2015']) {
      assert.equal(hit('F|windash|contains', "' -exec '", { F: `cmd ${dash}exec x` }), true, dash);
    }
    assert.equal(hit('F|windash|contains', "' -exec '", { F: 'cmd +exec x' }), false);
  });

  it('base64 and base64offset encode the value (spec: base64offset with contains)', () => {
    assert.equal(hit('F|base64', 'http://', { F: 'aHR0cDovLw==' }), true);
    const encoded = Buffer.from('xx powershell -enc yy').toString('base64');
    for (const prefix of ['', 'a', 'ab']) {
      const text = Buffer.from(`${prefix}xx powershell -enc yy`).toString('base64');
      assert.equal(hit('F|base64offset|contains', 'powershell', { F: text }), true, prefix);
    }
    assert.equal(hit('F|base64offset|contains', 'powershell', { F: encoded.replace(/[a-z]/g, 'A') }), false);
  });

  it('utf16le / wide / utf16be / utf16 encode before base64', () => {
    const le = Buffer.from('cmd', 'utf16le').toString('base64');
    assert.equal(hit('F|utf16le|base64', 'cmd', { F: le }), true);
    assert.equal(hit('F|wide|base64', 'cmd', { F: le }), true);
    const be = Buffer.from('cmd', 'utf16le').swap16().toString('base64');
    assert.equal(hit('F|utf16be|base64', 'cmd', { F: be }), true);
    const bom = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('cmd', 'utf16le')]).toString('base64');
    assert.equal(hit('F|utf16|base64', 'cmd', { F: bom }), true);
    const long = Buffer.from('run whoami now', 'utf16le').toString('base64');
    assert.equal(hit('F|wide|base64offset|contains', 'whoami', { F: long }), true);
  });

  it('cidr matches IPv4 and IPv6 ranges', () => {
    assert.equal(hit('DestinationIp|cidr', '10.0.0.0/8', { DestinationIp: '10.20.30.40' }), true);
    assert.equal(hit('DestinationIp|cidr', '10.0.0.0/8', { DestinationIp: '11.0.0.1' }), false);
    assert.equal(hit('Ip|cidr', "'2001:db8::/32'", { Ip: '2001:db8:1::5' }), true);
    assert.equal(hit('Ip|cidr', "'2001:db8::/32'", { Ip: '2001:db9::5' }), false);
    assert.equal(hit('Ip|cidr', '192.168.1.0/24', { Ip: '::ffff:192.168.1.7' }), true);
    assert.deepEqual(issues('Ip|cidr', '10.0.0.0/33'), ['"10.0.0.0/33" is not a CIDR range']);
  });

  it('fieldref compares with another field, and combines with startswith and neq', () => {
    assert.equal(hit('User|fieldref', 'TargetUser', { User: 'alice', TargetUser: 'ALICE' }), true);
    assert.equal(hit('User|fieldref', 'TargetUser', { User: 'alice', TargetUser: 'bob' }), false);
    assert.equal(hit('Path|fieldref|startswith', 'Dir', { Path: 'c:\\tmp\\x', Dir: 'c:\\tmp' }), true);
    assert.equal(hit('User|fieldref|neq', 'TargetUser', { User: 'alice', TargetUser: 'bob' }), true);
    assert.equal(hit('User|fieldref|neq', 'TargetUser', { User: 'alice', TargetUser: 'alice' }), false);
  });

  it('time modifiers extract parts of a date (UTC)', () => {
    assert.equal(hit('timestamp|hour', '3', { timestamp: '2026-02-01T03:15:00Z' }), true);
    assert.equal(hit('timestamp|hour|gte', '22', { timestamp: '2026-02-01T23:00:00Z' }), true);
    assert.equal(hit('timestamp|minute', '15', { timestamp: 1769915700 }), true);
    assert.equal(hit('timestamp|month', '2', { timestamp: 1769915700000 }), true);
    assert.equal(hit('timestamp|year', '2026', { timestamp: '2026-02-01 03:15:00' }), true);
    assert.equal(hit('timestamp|week', '1', { timestamp: '2026-01-01T00:00:00Z' }), true);
    assert.equal(hit('timestamp|day', '1', { timestamp: 'not a date' }), false);
  });

  it('reports what cannot run instead of throwing', () => {
    assert.deepEqual(issues('F|contanis', 'x'), ['unknown modifier "contanis"']);
    assert.deepEqual(issues('F|expand', "'%Servers%'"), ['placeholders (expand) are not resolved by PromptSift']);
    assert.match(issues('F|re', "'(unclosed'")[0] ?? '', /Invalid regular expression/);
    assert.deepEqual(issues('F|gt', 'many'), ['gt needs a number, got "many"']);
    assert.deepEqual(issues('F|base64|contains', "'a*b'"), ['wildcards cannot be encoded with base64']);
  });

  it('matches LLM taxonomy fields for product: llm and falls back to raw paths for other names', () => {
    const rule = compiledFrom(sigma('sel:\n    prompt|contains: internal reasoning\n    metadata.tier: free\ncondition: sel', 'product: llm'));
    assert.equal(rule.matches({ fields: { prompt: 'write the INTERNAL reasoning' }, raw: { metadata: { tier: 'free' } } }), true);
    assert.equal(rule.matches({ fields: { prompt: 'write the reasoning' }, raw: { metadata: { tier: 'free' } } }), false);
    // A taxonomy field absent from the record is absent, even if the raw record has that key.
    const system = compiledFrom(sigma('sel:\n    system|exists: true\ncondition: sel', 'product: llm'));
    assert.equal(system.matches({ fields: {}, raw: { system: [{ type: 'text', text: 'x' }] } }), false);
    assert.equal(system.matches(llmEvent({ system: 'You are' })), true);
  });
});

describe('match evidence', () => {
  it('gives the spans of every occurrence inside the field, with selection, field and value', () => {
    const rule = compiledFrom(
      sigma("sel:\n    prompt|contains: step by step\nfilter:\n    prompt|contains: recipe\ncondition: sel and not filter", 'product: llm'),
    );
    const evidence = rule.explain(llmEvent({ prompt: 'Step by step, then again step by step.' }));
    assert.ok(evidence);
    assert.equal(evidence.length, 1);
    assert.deepEqual(evidence[0]?.spans, [
      { start: 0, end: 12 },
      { start: 25, end: 37 },
    ]);
    assert.equal(evidence[0]?.selection, 'sel');
    assert.equal(evidence[0]?.field, 'prompt');
    assert.equal(evidence[0]?.path, 'prompt');
    assert.equal(evidence[0]?.value, 'step by step');
    assert.deepEqual(evidence[0]?.modifiers, ['contains']);
    assert.equal(rule.explain(llmEvent({ prompt: 'a step by step recipe' })), undefined);
  });

  it('collects evidence from every selection that made the condition true, none from negations', () => {
    const rule = compiledFrom(
      sigma('a:\n    prompt|contains: reasoning\nb:\n    system|contains: debug\nc:\n    prompt|contains: zzz\ncondition: (a or b) and not c', 'product: llm'),
    );
    const evidence = rule.explain(llmEvent({ prompt: 'the reasoning', system: 'debug session' })) ?? [];
    assert.deepEqual(
      evidence.map((e) => [e.selection, e.field]),
      [
        ['a', 'prompt'],
        ['b', 'system'],
      ],
    );
  });

  it('leaves out evidence whose every span lies inside a longer span on the same field', () => {
    const rule = compiledFrom(
      sigma("guard:\n    prompt|contains: reason\nphrase:\n    prompt|re|i: 'internal reasoning behind'\nsys:\n    system|contains: reason\ncondition: guard and phrase and sys", 'product: llm'),
    );
    const evidence = rule.explain(llmEvent({ prompt: 'Write the internal reasoning behind it. Give a reason.', system: 'reason well' })) ?? [];
    // The guard's first `reason` is inside the phrase, its second is not: it stays, with both spans.
    assert.deepEqual(
      evidence.map((e) => [e.selection, e.field, e.spans]),
      [
        ['guard', 'prompt', [{ start: 19, end: 25 }, { start: 47, end: 53 }]],
        ['phrase', 'prompt', [{ start: 10, end: 35 }]],
        ['sys', 'system', [{ start: 0, end: 6 }]],
      ],
    );
    const covered = rule.explain(llmEvent({ prompt: 'Write the internal reasoning behind it.', system: 'reason well' })) ?? [];
    assert.deepEqual(covered.map((e) => e.selection), ['phrase', 'sys'], 'the guard inside the phrase, on the same field, says nothing more');
  });

  it('reports the concrete raw path of array elements', () => {
    const rule = compiledFrom(sigma('sel:\n    messages.content|contains: secret\ncondition: sel'));
    const evidence = rule.explain(rawEvent({ messages: [{ content: 'a' }, { content: 'the secret' }] }));
    assert.equal(evidence?.[0]?.path, 'messages.1.content');
    assert.deepEqual(evidence?.[0]?.spans, [{ start: 4, end: 10 }]);
    assert.equal(evidence?.[0]?.isRawPath, true);
  });
});

describe('meta-filters', () => {
  it('exclude matches of the rules they name', () => {
    const text = `${sigma('sel:\n    F|contains: bad\ncondition: sel')}id: 5d3c1b9e-8a51-4f6e-9d6b-1f0b0a1d2c3e\n---\ntitle: Filter\nlogsource:\n    product: windows\nfilter:\n    rules:\n        - 5d3c1b9e-8a51-4f6e-9d6b-1f0b0a1d2c3e\n    selection:\n        Host: build-server\n    condition: not selection\n`;
    const rule = compiledFrom(text);
    assert.equal(rule.matches(rawEvent({ F: 'bad', Host: 'laptop' })), true);
    assert.equal(rule.matches(rawEvent({ F: 'bad', Host: 'build-server' })), false);
  });
});
