// Names of MITRE ATLAS tactics and techniques for hovers: those the bundled pack tags and their
// close relatives, as ATLAS names them since it renamed "ML" to "AI" (2025). Whether an id exists
// at all is checked against the full list in core/checks/atlas-ids.ts; an existing id missing here
// is shown without a name.
import { ATLAS_TAG_IDS } from '../core/checks/atlas-ids';

const NAMES: Readonly<Record<string, string>> = {
  'AML.TA0000': 'AI Model Access',
  'AML.TA0001': 'AI Attack Staging',
  'AML.TA0002': 'Reconnaissance',
  'AML.TA0003': 'Resource Development',
  'AML.TA0004': 'Initial Access',
  'AML.TA0005': 'Execution',
  'AML.TA0006': 'Persistence',
  'AML.TA0007': 'Defense Evasion',
  'AML.TA0008': 'Discovery',
  'AML.TA0009': 'Collection',
  'AML.TA0010': 'Exfiltration',
  'AML.TA0011': 'Impact',
  'AML.T0005': 'Create Proxy AI Model',
  'AML.T0005.000': 'Train Proxy via Gathered AI Artifacts',
  'AML.T0005.001': 'Train Proxy via Replication',
  'AML.T0005.002': 'Use Pre-Trained Model',
  'AML.T0008': 'Acquire Infrastructure',
  'AML.T0008.005': 'AI Service Proxies',
  'AML.T0021': 'Establish Accounts',
  'AML.T0024': 'Exfiltration via AI Inference API',
  'AML.T0024.000': 'Infer Training Data Membership',
  'AML.T0024.001': 'Invert AI Model',
  'AML.T0024.002': 'Extract AI Model',
  'AML.T0029': 'Denial of AI Service',
  'AML.T0034': 'Cost Harvesting',
  'AML.T0034.000': 'Excessive Queries',
  'AML.T0034.001': 'Resource-Intensive Queries',
  'AML.T0034.002': 'Agentic Resource Consumption',
  'AML.T0040': 'AI Model Inference API Access',
  'AML.T0051': 'LLM Prompt Injection',
  'AML.T0054': 'LLM Jailbreak',
  'AML.T0065': 'LLM Prompt Crafting',
};

export interface AtlasReference {
  /** The id as ATLAS writes it, e.g. AML.T0024.002. */
  id: string;
  name?: string;
  /** The page on atlas.mitre.org, built from the id alone. */
  url: string;
}

/** The ATLAS reference of an `atlas.` tag naming a real id; undefined for any other tag. */
export function atlasReference(tag: string): AtlasReference | undefined {
  const value = /^atlas\.(aml\.(?:t\d{4}(?:\.\d{3})?|ta\d{4}|m\d{4}))$/.exec(tag.toLowerCase())?.[1];
  if (value === undefined || !ATLAS_TAG_IDS.has(value)) return undefined;
  const id = value.toUpperCase();
  const kind = id.startsWith('AML.TA') ? 'tactics' : id.startsWith('AML.M') ? 'mitigations' : 'techniques';
  const name = NAMES[id];
  return { id, ...(name ? { name } : {}), url: `https://atlas.mitre.org/${kind}/${id}` };
}
