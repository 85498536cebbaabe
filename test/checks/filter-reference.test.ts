import { filterReference } from '../../src/core/checks/filter-reference';
import { testCheck } from './check-tester';

const ID = '0e95725d-7320-415d-80f7-004da920fc11';
const base = `title: b\nid: ${ID}\nname: cot_prompt\nlogsource:\n    product: llm\ndetection:\n    sel:\n        prompt: a\n    condition: sel\n`;
const filter = (rules: string): string =>
  `title: f\nlogsource:\n    product: llm\nfilter:\n    rules: ${rules}\n    selection:\n        account_id: internal\n    condition: not selection\n`;
const correlation = 'title: c\nname: burst\ncorrelation:\n    type: event_count\n    rules: [cot_prompt]\n    group-by: [account_id]\n    timespan: 1h\n    condition: {gte: 5}\n';

testCheck(filterReference, {
  valid: [
    { files: [{ name: 'rule.yml', text: base }, { name: 'filter.yml', text: filter(`[cot_prompt, ${ID}]`) }] },
    { files: [{ name: 'rule.yml', text: base }, { name: 'filter.yml', text: filter('cot_prompt') }] },
  ],
  invalid: [
    {
      input: { files: [{ name: 'rule.yml', text: base }, { name: 'filter.yml', text: filter('[cot_prompt, other_rule]') }] },
      errors: [{ messageId: 'unknownRule', data: { reference: 'other_rule' }, line: 5, column: 25, endColumn: 35, source: 'filter.yml' }],
    },
    {
      input: `${base}---\n${correlation}---\n${filter('[burst]')}`,
      errors: [{ messageId: 'notDetection', data: { reference: 'burst' }, line: 24, column: 13 }],
    },
  ],
});
