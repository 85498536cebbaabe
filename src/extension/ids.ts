// Every id the extension shows to VS Code or to users, in one place. No `vscode` import here, so
// that a plain unit test can compare this table with package.json.

export const COMMANDS = {
  lintWorkspace: 'promptsift.lintWorkspace',
  showOutput: 'promptsift.showOutput',
  showCheckDocs: 'promptsift.showCheckDocs',
  /** Scans every log shown in an editor again; resolves with a summary when the scans are done. */
  scanLogs: 'promptsift.scanLogs',
  /** Stops the scans of logs in progress, in editors and from disk. */
  stopLogScans: 'promptsift.stopLogScans',
  /** Scans a log file from disk on worker threads, for logs too large for the editor. */
  scanLogFromDisk: 'promptsift.scanLogFromDisk',
  /** Opens a rule file of a loaded pack at a line; the hovers' link (hidden from the palette). */
  openRule: 'promptsift.openRule',
  /** Returns the decoration ranges last set on a log's editors, for tests (hidden from the palette). */
  debugDecorations: 'promptsift.debug.decorations',
  /** Runs the inline tests of every rule, or of one rule (the CodeLens passes which). */
  runRuleTests: 'promptsift.runRuleTests',
  /** Lists a rule's hits in the workspace's logs and opens a log at one (the CodeLens's target, hidden from the palette). */
  showRuleHits: 'promptsift.showRuleHits',
  /** Returns the Test Explorer's rule tests and their last outcomes, for tests (hidden from the palette). */
  debugRuleTests: 'promptsift.debug.ruleTests',
  /** Shows the Campaigns view (and computes its figures when they are stale). */
  showCampaigns: 'promptsift.showCampaigns',
  /** Computes the campaign statistics of the view's pack again. */
  refreshCampaigns: 'promptsift.campaigns.refresh',
  stopCampaigns: 'promptsift.campaigns.stop',
  /** The next and previous record of what is open from the Campaigns view, in log and line order. */
  nextCampaignRecord: 'promptsift.campaigns.next',
  previousCampaignRecord: 'promptsift.campaigns.previous',
  /** Writes the campaign report (HTML or Markdown) to a file the reviewer picks. */
  exportCampaignReport: 'promptsift.campaigns.exportReport',
  /** Returns what the Campaigns view shows as data, for tests (hidden from the palette). */
  debugCampaigns: 'promptsift.debug.campaigns',
  /** Shows the next finding in the findings view's order, across logs. */
  nextFinding: 'promptsift.nextFinding',
  previousFinding: 'promptsift.previousFinding',
  /** Shows one finding by its id: the findings view's rows run it (hidden from the palette). */
  revealFinding: 'promptsift.revealFinding',
  groupFindings: 'promptsift.findings.groupBy',
  /** Scans every log of the workspace again for the findings view. */
  refreshFindings: 'promptsift.findings.refresh',
  hideFalsePositives: 'promptsift.findings.hideFalsePositives',
  showFalsePositives: 'promptsift.findings.showFalsePositives',
  /** Triage: the finding(s) of a tree row, a hover link or the cursor. */
  markConfirmed: 'promptsift.markConfirmed',
  markFalsePositive: 'promptsift.markFalsePositive',
  markNeedsReview: 'promptsift.markNeedsReview',
  clearMark: 'promptsift.clearMark',
  editTriageNote: 'promptsift.editTriageNote',
  /** Marks a finding a false positive and appends its record to its rule's `nomatch` examples. */
  falsePositiveToTest: 'promptsift.falsePositiveToTest',
  /** The flagged records of a log in a read-only virtual document. */
  openFilteredView: 'promptsift.openFilteredView',
  /** One record, pretty-printed, in a read-only virtual document. */
  openRecordView: 'promptsift.openRecordView',
  /** Returns the findings view, the review status item and the triage marks as data, for tests (hidden from the palette). */
  debugFindings: 'promptsift.debug.findings',
} as const;

/** Commands the command palette does not list: they take arguments a person cannot type. */
export const HIDDEN_COMMANDS: readonly string[] = [
  COMMANDS.openRule,
  COMMANDS.debugDecorations,
  COMMANDS.showRuleHits,
  COMMANDS.debugRuleTests,
  COMMANDS.debugCampaigns,
  COMMANDS.revealFinding,
  COMMANDS.debugFindings,
];

export const SETTINGS = {
  diagnosticsEnabled: 'promptsift.diagnostics.enabled',
  diagnosticsMinimumSeverity: 'promptsift.diagnostics.minimumSeverity',
  rulesInclude: 'promptsift.rules.include',
  logsInclude: 'promptsift.logs.include',
  findingsDiagnostics: 'promptsift.findings.diagnostics',
  findingsMinimumLevel: 'promptsift.findings.minimumLevel',
  decorationsStyle: 'promptsift.decorations.style',
  decorationsMaxPerEditor: 'promptsift.decorations.maxPerEditor',
  codeLensEnabled: 'promptsift.codeLens.enabled',
  codeLensHits: 'promptsift.codeLens.hits',
  triageAuthor: 'promptsift.triage.author',
} as const;

/** Theme colours of the matches, by rule level: an underline (also the overview ruler mark) and a background. */
export const COLORS = {
  critical: { border: 'promptsift.criticalMatchBorder', background: 'promptsift.criticalMatchBackground' },
  high: { border: 'promptsift.highMatchBorder', background: 'promptsift.highMatchBackground' },
  medium: { border: 'promptsift.mediumMatchBorder', background: 'promptsift.mediumMatchBackground' },
  low: { border: 'promptsift.lowMatchBorder', background: 'promptsift.lowMatchBackground' },
  informational: { border: 'promptsift.informationalMatchBorder', background: 'promptsift.informationalMatchBackground' },
} as const;

/** The section every setting lives under, for `getConfiguration` and `affectsConfiguration`. */
export const SETTINGS_SECTION = 'promptsift';

/** Names shown in the editor: the output channel, the diagnostics' source, the status item. */
export const NAMES = {
  outputChannel: 'PromptSift',
  diagnosticSource: 'PromptSift',
  statusItem: 'PromptSift',
  findingsStatusItem: 'PromptSift Log Matches',
  ruleTests: 'PromptSift Rule Tests',
  reviewStatusItem: 'PromptSift Review',
} as const;

/** Ids VS Code keeps internally (status item, diagnostic collection, test controller) and our own URI scheme. */
export const INTERNAL_IDS = {
  statusItem: 'promptsift.status',
  diagnosticCollection: 'promptsift',
  findingsStatusItem: 'promptsift.findingsStatus',
  findingsCollection: 'promptsift-findings',
  /** Read-only documents that describe one check each, e.g. `promptsift-docs:/checks/duplicate-id.md`. */
  docsScheme: 'promptsift-docs',
  /** The Test Explorer's controller of the rules' inline tests. */
  ruleTestsController: 'promptsift.ruleTests',
  reviewStatusItem: 'promptsift.reviewStatus',
  /** Problems of `.promptsift/triage.jsonl` (merge-conflict markers, lines that are not marks). */
  triageCollection: 'promptsift-triage',
  /** Read-only views of a log's flagged records and of one record. */
  filteredScheme: 'promptsift-filtered',
  recordScheme: 'promptsift-record',
} as const;

/** The activity bar container and the views in it. */
export const VIEWS = {
  container: 'promptsift',
  /** The campaign statistics (a webview). */
  campaigns: 'promptsift.campaigns',
  findings: 'promptsift.findings',
} as const;

/** What the extension remembers per workspace (`ExtensionContext.workspaceState`). */
export const STATE_KEYS = {
  findingsGrouping: 'promptsift.findings.grouping',
  hidesFalsePositives: 'promptsift.findings.hidesFalsePositives',
} as const;

/** The `contextValue` of the findings view's rows, for `viewItem` clauses in package.json; a hit's ends with its verdict. */
export const TREE_ITEMS = {
  group: 'promptsift.findingsGroup',
  hitPrefix: 'promptsift.hit.',
} as const;

/** The gutter icon of each triage verdict in the review's views (shipped: listed in .vscodeignore). */
export const VERDICT_ICONS = {
  confirmed: 'media/triage-confirmed.svg',
  false_positive: 'media/triage-false-positive.svg',
  needs_review: 'media/triage-needs-review.svg',
} as const;

/** Context keys the extension sets, for `when` clauses in package.json. */
export const CONTEXT_KEYS = {
  hasFindings: 'promptsift.hasFindings',
  hidesFalsePositives: 'promptsift.findings.hidesFalsePositives',
} as const;

/** JSON schemas registered for Red Hat's YAML extension through `contributes.yamlValidation`. */
export const SCHEMAS = {
  rule: './schemas/promptsift-rule.schema.json',
  pack: './schemas/promptsift-pack.schema.json',
} as const;
