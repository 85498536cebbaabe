/** Checks tags: known namespaces, no duplicates, real ATLAS ids, v2 spelling of ATT&CK tactics. */

import { quote } from '../problems';
import { ATLAS_TAG_IDS } from './atlas-ids';
import type { RuleCheck } from './types';

/** pySigma's namespaces plus `atlas`, which PromptSift adds for MITRE ATLAS. */
const NAMESPACES = ['attack', 'atlas', 'car', 'cve', 'd3fend', 'detection', 'stp', 'tlp'];
const DETECTION_VALUES = ['dfir', 'emerging-threats', 'threat-hunting'];
const ATTACK_TACTICS = new Set([
  'reconnaissance', 'resource-development', 'initial-access', 'execution', 'persistence', 'privilege-escalation',
  'defense-evasion', 'credential-access', 'discovery', 'lateral-movement', 'collection', 'command-and-control',
  'exfiltration', 'impact',
]);
/** The schema's tag pattern; tags that break it are the schema's to report. */
const TAG_FORM = /^([a-z0-9_-]+)\.([a-z0-9._-]+)$/;
const ATLAS_FORM = /^aml\.(t\d{4}(\.\d{3})?|ta\d{4}|m\d{4})$/;

export const tags: RuleCheck = {
  id: 'tags',
  scope: 'rule',
  severity: 'warning',
  description: 'Tags should use a known namespace, appear once, and name ATLAS techniques and tactics that exist.',
  messages: {
    unknownNamespace: 'Tag "{{tag}}" has the namespace "{{namespace}}", which is not one of {{known}}.',
    duplicate: 'Tag "{{tag}}" is listed more than once.',
    atlasForm: 'Tag "{{tag}}" is not an ATLAS id; write atlas.aml.t0024.002 (technique), atlas.aml.ta0010 (tactic) or atlas.aml.m0004 (mitigation).',
    atlasUnknown: 'Tag "{{tag}}" names no ATLAS technique, tactic or mitigation known to PromptSift (ATLAS v5.5).',
    attackUnderscore: 'Tag "{{tag}}" uses the Sigma v1 spelling; v2 writes ATT&CK tactics with dashes: "{{suggestion}}".',
    detectionUnknown: 'Tag "{{tag}}" is not a Sigma detection tag ({{known}}).',
  },
  check(rule, context) {
    const seen = new Set<string>();
    for (const tag of rule.tags) {
      const match = TAG_FORM.exec(tag.value);
      if (!match) continue;
      const [, namespace, value] = match as unknown as [string, string, string];
      const data = { tag: quote(tag.value) };
      if (seen.has(tag.value)) context.report(tag.span, 'duplicate', data);
      seen.add(tag.value);
      if (!NAMESPACES.includes(namespace)) {
        context.report(tag.span, 'unknownNamespace', { ...data, namespace, known: NAMESPACES.join(', ') });
      } else if (namespace === 'atlas' && !ATLAS_TAG_IDS.has(value)) {
        context.report(tag.span, ATLAS_FORM.test(value) ? 'atlasUnknown' : 'atlasForm', data);
      } else if (namespace === 'attack' && value.includes('_') && ATTACK_TACTICS.has(value.replace(/_/g, '-'))) {
        context.report(tag.span, 'attackUnderscore', { ...data, suggestion: `attack.${value.replace(/_/g, '-')}` });
      } else if (namespace === 'detection' && !DETECTION_VALUES.includes(value)) {
        context.report(tag.span, 'detectionUnknown', { ...data, known: DETECTION_VALUES.join(', ') });
      }
    }
  },
};
