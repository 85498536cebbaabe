// MITRE ATLAS ids, for checking `atlas.` tags (atlas.aml.t0024.002, atlas.aml.ta0010, atlas.aml.m0004).
//
// Source: a public summary of the ATLAS matrix as exported to STIX by
// mitre-atlas/atlas-navigator-data (ATLAS data v5.5 or later, 2026), cross-checked against the
// ids and counts of mitre-atlas/atlas-data `dist/ATLAS.yaml` 4.5.2 for the older part: 16 tactics,
// 170 techniques (101 techniques and 69 sub-techniques, the newest being AML.T0112.001 and
// AML.T0008.005 "AI Service Proxies", added in v5.5.0) and 35 mitigations. It was not read from
// the v5.5 data files themselves, which is why an unknown id is only a warning. Ids are never
// reused, so an older list only misses new ids; update it from the newest atlas-data release.

/** Tactics AML.TA0000 to AML.TA0015. */
const TACTICS = 16;

/** Mitigations AML.M0000 to AML.M0034. */
const MITIGATIONS = 35;

/** Each technique number, followed by how many sub-techniques (.000, .001, …) it has. */
const TECHNIQUES: readonly (readonly [number, number])[] = [
  [0, 3], [1, 0], [2, 3], [3, 0], [4, 0], [5, 3], [6, 0], [7, 0], [8, 6], [10, 6],
  [11, 4], [12, 0], [13, 0], [14, 0], [15, 0], [16, 3], [17, 1], [18, 3], [19, 0], [20, 0],
  [21, 0], [24, 3], [25, 0], [29, 0], [31, 0], [34, 3], [35, 0], [36, 0], [37, 0], [40, 0],
  [41, 0], [42, 0], [43, 5], [44, 0], [46, 0], [47, 0], [48, 5], [49, 0], [50, 0], [51, 3],
  [52, 2], [53, 0], [54, 0], [55, 0], [56, 0], [57, 0], [58, 0], [59, 0], [60, 0], [61, 0],
  [62, 0], [63, 0], [64, 0], [65, 0], [66, 0], [67, 1], [68, 0], [69, 3], [70, 0], [71, 0],
  [72, 0], [73, 0], [74, 0], [75, 0], [76, 0], [77, 0], [78, 0], [79, 0], [80, 2], [81, 0],
  [82, 0], [83, 0], [84, 4], [85, 2], [86, 0], [87, 0], [88, 0], [89, 0], [90, 0], [91, 1],
  [92, 0], [93, 0], [94, 0], [95, 1], [96, 0], [97, 0], [98, 0], [99, 0], [100, 0], [101, 0],
  [102, 0], [103, 0], [104, 0], [105, 0], [106, 0], [107, 0], [108, 0], [109, 0], [110, 0], [111, 0],
  [112, 2],
];

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Every known ATLAS id in tag form (lowercase): `aml.ta0010`, `aml.t0024`, `aml.t0024.002`, `aml.m0004`. */
export const ATLAS_TAG_IDS: ReadonlySet<string> = buildIds();

function buildIds(): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i < TACTICS; i++) ids.add(`aml.ta${pad(i, 4)}`);
  for (let i = 0; i < MITIGATIONS; i++) ids.add(`aml.m${pad(i, 4)}`);
  for (const [technique, subtechniques] of TECHNIQUES) {
    ids.add(`aml.t${pad(technique, 4)}`);
    for (let sub = 0; sub < subtechniques; sub++) ids.add(`aml.t${pad(technique, 4)}.${pad(sub, 3)}`);
  }
  return ids;
}
