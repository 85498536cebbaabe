import { strict as assert } from 'node:assert';
import { compiledFrom, rawEvent, sigma } from '../../helpers';

function matches(detection: string, event: unknown, logsource?: string): boolean {
  const compiled = compiledFrom(sigma(detection, logsource));
  assert.deepEqual(compiled.issues, []);
  return compiled.matches(rawEvent(event));
}

describe('detection semantics', () => {
  it('ANDs the entries of a map and ORs the values of a list (spec: EventLog and EventID 517 or 1102)', () => {
    const detection = 'selection:\n    EventLog: Security\n    EventID:\n        - 517\n        - 1102\ncondition: selection';
    assert.equal(matches(detection, { EventLog: 'Security', EventID: 1102 }), true);
    assert.equal(matches(detection, { EventLog: 'Security', EventID: '517' }), true);
    assert.equal(matches(detection, { EventLog: 'Security', EventID: 4688 }), false);
    assert.equal(matches(detection, { EventLog: 'System', EventID: 517 }), false);
  });

  it('ORs the maps of a list (spec: Image endswith or Description contains)', () => {
    const detection = "selection:\n    - Image|endswith: '\\\\example.exe'\n    - Description|contains: 'Test executable'\ncondition: selection";
    assert.equal(matches(detection, { Image: 'C:\\Temp\\example.exe' }), true);
    assert.equal(matches(detection, { Description: 'A test EXECUTABLE here' }), true);
    assert.equal(matches(detection, { Image: 'C:\\Temp\\other.exe', Description: 'nothing' }), false);
  });

  it('searches keywords across the whole event, OR by default and AND with |all', () => {
    const keywords = "keywords:\n    - 'EVILSERVICE'\n    - 'svchost.exe -n evil'\ncondition: keywords";
    assert.equal(matches(keywords, { msg: 'started evilservice now' }), true);
    assert.equal(matches(keywords, { nested: { deep: ['x', 'run svchost.exe -n evil'] } }), true);
    assert.equal(matches(keywords, { msg: 'benign' }), false);
    const all = "keywords_cmdlet:\n    '|all':\n        - 'OabVirtualDirectory'\n        - ' -ExternalUrl '\ncondition: keywords_cmdlet";
    assert.equal(matches(all, { a: 'Set-OabVirtualDirectory', b: 'x -ExternalUrl http://e' }), true);
    assert.equal(matches(all, { a: 'Set-OabVirtualDirectory' }), false);
  });

  it('is case-insensitive by default and case-sensitive with |cased', () => {
    assert.equal(matches('sel:\n    CommandLine|contains: whoami\ncondition: sel', { CommandLine: 'WHOAMI /all' }), true);
    assert.equal(matches('sel:\n    CommandLine|contains|cased: whoami\ncondition: sel', { CommandLine: 'WHOAMI /all' }), false);
    assert.equal(matches('sel:\n    CommandLine|contains|cased: whoami\ncondition: sel', { CommandLine: 'whoami /all' }), true);
  });

  it('treats * and ? as wildcards and honours backslash escapes', () => {
    assert.equal(matches("sel:\n    Image: 'prog?.exe'\ncondition: sel", { Image: 'progA.exe' }), true);
    assert.equal(matches("sel:\n    Image: 'prog?.exe'\ncondition: sel", { Image: 'progAB.exe' }), false);
    assert.equal(matches("sel:\n    Image: 'antivirus_V*.exe'\ncondition: sel", { Image: 'antivirus_V21.2.1.exe' }), true);
    assert.equal(matches("sel:\n    Value: 'a\\*b'\ncondition: sel", { Value: 'a*b' }), true);
    assert.equal(matches("sel:\n    Value: 'a\\*b'\ncondition: sel", { Value: 'axxb' }), false);
    // `\\*` is a backslash followed by a wildcard.
    assert.equal(matches("sel:\n    Value: 'a\\\\*'\ncondition: sel", { Value: 'a\\anything' }), true);
    // A backslash before an ordinary character is a plain backslash.
    assert.equal(matches("sel:\n    Value: 'C:\\Windows'\ncondition: sel", { Value: 'c:\\windows' }), true);
  });

  it('matches null on absent or null fields and empty strings on empty fields', () => {
    const detection = 'selection:\n    EventID: 4738\nfilter:\n    PasswordLastSet: null\ncondition: selection and not filter';
    assert.equal(matches(detection, { EventID: 4738, PasswordLastSet: '2024-01-01' }), true);
    assert.equal(matches(detection, { EventID: 4738, PasswordLastSet: null }), false);
    assert.equal(matches(detection, { EventID: 4738 }), false);
    assert.equal(matches("sel:\n    Field: ''\ncondition: sel", { Field: '' }), true);
    assert.equal(matches("sel:\n    Field: ''\ncondition: sel", { Field: 'x' }), false);
  });

  it('tests presence with |exists', () => {
    const detection = 'selection:\n    EventID: 4738\n    PasswordLastSet|exists: true\ncondition: selection';
    assert.equal(matches(detection, { EventID: 4738, PasswordLastSet: null }), true);
    assert.equal(matches(detection, { EventID: 4738 }), false);
    assert.equal(matches('sel:\n    Field|exists: false\ncondition: sel', { Other: 1 }), true);
  });

  it('resolves dotted paths, including into arrays and keys that contain dots', () => {
    assert.equal(matches('sel:\n    request.body.model: gpt-4o\ncondition: sel', { request: { body: { model: 'gpt-4o' } } }), true);
    assert.equal(matches('sel:\n    messages.content|contains: secret\ncondition: sel', { messages: [{ content: 'a' }, { content: 'the secret' }] }), true);
    assert.equal(matches('sel:\n    messages.1.content|contains: secret\ncondition: sel', { messages: [{ content: 'secret' }, { content: 'b' }] }), false);
    assert.equal(matches('sel:\n    a.b: 1\ncondition: sel', { 'a.b': 1 }), true);
  });
});
