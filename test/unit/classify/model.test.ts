import { strict as assert } from 'node:assert';
import { MODEL_FORMAT, MODEL_VERSION, parseModel, toModelJson, type ExtractionModel } from '../../../src/core/classify/model';

function smallModel(): ExtractionModel {
  const weights = new Float32Array(1 << 8);
  weights[3] = 0.5;
  weights[10] = -1.25;
  weights[200] = 0.0004;
  weights[255] = 2;
  return { features: { bits: 8, wordBigrams: true, chars: [3, 5], denseChars: null }, bias: -0.5, weights, threshold: 0.8 };
}

function validJson(): Record<string, unknown> {
  return { ...toModelJson(smallModel(), { weightStep: 0.001, keep: 10 }) };
}

/** The message ids and data of the problems of reading `json`; asserts that there is no model. */
function problemsOf(json: unknown): { messageId: string; data: Record<string, string> | undefined }[] {
  const parsed = parseModel(json);
  assert.equal(parsed.value, undefined);
  for (const problem of parsed.problems) assert.equal(problem.checkId, 'classifier-model');
  return parsed.problems.map(({ messageId, data }) => ({ messageId, data }));
}

describe('classify: model JSON', () => {
  it('packs sparse weights as slot deltas and integer multiples of the step, dropping those that round to 0', () => {
    const json = toModelJson(smallModel(), { weightStep: 0.001, keep: 10 });
    assert.equal(json.format, MODEL_FORMAT);
    assert.equal(json.version, MODEL_VERSION);
    assert.deepEqual(json.slots, [4, 7, 245]);
    assert.deepEqual(json.weights, [500, -1250, 2000]);
  });

  it('keeps only the largest weights when asked to', () => {
    const json = toModelJson(smallModel(), { weightStep: 0.001, keep: 2 });
    assert.deepEqual(json.slots, [11, 245]);
    assert.deepEqual(json.weights, [-1250, 2000]);
  });

  it('reads back what it packs', () => {
    const parsed = parseModel(JSON.parse(JSON.stringify(validJson())));
    assert.deepEqual(parsed.problems, []);
    const model = parsed.value as ExtractionModel;
    assert.equal(model.bias, -0.5);
    assert.equal(model.threshold, 0.8);
    assert.deepEqual(model.features, smallModel().features);
    assert.equal(model.weights.length, 256);
    assert.deepEqual([model.weights[3], model.weights[10], model.weights[200], model.weights[255]], [0.5, -1.25, 0, 2]);
  });

  it('keeps the logit shift for text outside ASCII when there is one, and reads a model without it as no shift', () => {
    const shifted = parseModel(JSON.parse(JSON.stringify(toModelJson({ ...smallModel(), nonAsciiShift: 0.536 }, { weightStep: 0.001, keep: 10 }))));
    assert.equal(shifted.value?.nonAsciiShift, 0.536);
    assert.equal('nonAsciiShift' in validJson(), false);
    assert.equal(parseModel(validJson()).value?.nonAsciiShift, undefined);
    assert.deepEqual(problemsOf({ ...validJson(), nonAsciiShift: 'high' }).map((p) => [p.messageId, p.data?.field]), [['field', 'nonAsciiShift']]);
  });

  it('turns input that is not a model object into one problem', () => {
    for (const value of [null, undefined, 42, 'model', [], [validJson()]]) {
      assert.deepEqual(problemsOf(value).map((p) => p.messageId), ['notObject']);
    }
  });

  it('rejects another format or version before reading further', () => {
    assert.deepEqual(problemsOf({ ...validJson(), format: 'onnx' }), [{ messageId: 'format', data: { expected: MODEL_FORMAT, value: 'onnx' } }]);
    assert.deepEqual(problemsOf({ ...validJson(), version: 2 }), [{ messageId: 'version', data: { expected: '1', value: '2' } }]);
  });

  it('names each bad field with what it must be', () => {
    const problems = problemsOf({
      ...validJson(),
      features: { bits: 30, wordBigrams: 'yes', chars: [5, 3], denseChars: null },
      bias: Number.NaN,
      threshold: 1.5,
      weightStep: 0,
    });
    assert.deepEqual(problems.map((p) => p.data?.field), ['features.bits', 'features.wordBigrams', 'features.chars', 'bias', 'threshold', 'weightStep']);
    assert.deepEqual(problems[0], { messageId: 'field', data: { field: 'features.bits', expected: 'an integer from 8 to 24', value: '30' } });
    assert.deepEqual(problemsOf({ ...validJson(), features: 'words' }).map((p) => p.data?.field), ['features']);
  });

  it('rejects weights that do not pair with slots, fall outside the space, go backwards or are not integers', () => {
    assert.deepEqual(problemsOf({ ...validJson(), slots: [1, 2], weights: [1] }), [{ messageId: 'lengths', data: { slots: '2', weights: '1' } }]);
    assert.deepEqual(problemsOf({ ...validJson(), slots: [4, 300], weights: [1, 2] }).map((p) => [p.messageId, p.data?.position, p.data?.value]), [['slot', '1', '303']]);
    assert.deepEqual(problemsOf({ ...validJson(), slots: [4, 0], weights: [1, 2] }).map((p) => [p.messageId, p.data?.value]), [['slot', '3']]);
    assert.deepEqual(problemsOf({ ...validJson(), slots: [4, 'x'], weights: [1, 2] }).map((p) => [p.messageId, p.data?.value]), [['slot', 'x']]);
    assert.deepEqual(problemsOf({ ...validJson(), slots: [4], weights: [0.5] }).map((p) => p.data?.field), ['weights[0]']);
    assert.deepEqual(problemsOf({ ...validJson(), slots: 'all', weights: null }).map((p) => p.data?.field), ['slots', 'weights']);
  });

  it('never throws, whatever the fields hold', () => {
    const junk: unknown[] = [null, true, -1, 1e400, 'x', [], {}, [[1]], { length: 3 }];
    for (const field of ['features', 'bias', 'threshold', 'weightStep', 'slots', 'weights']) {
      for (const value of junk) assert.doesNotThrow(() => parseModel({ ...validJson(), [field]: value }), `${field}: ${String(value)}`);
    }
  });
});
