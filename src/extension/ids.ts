// Every id the extension shows to VS Code or to users, in one place. No `vscode` import here, so
// that a plain unit test can compare this table with package.json.

export const COMMANDS = {
  lintWorkspace: 'promptsift.lintWorkspace',
  showOutput: 'promptsift.showOutput',
  showCheckDocs: 'promptsift.showCheckDocs',
} as const;

export const SETTINGS = {
  diagnosticsEnabled: 'promptsift.diagnostics.enabled',
  diagnosticsMinimumSeverity: 'promptsift.diagnostics.minimumSeverity',
  rulesInclude: 'promptsift.rules.include',
} as const;

/** The section every setting lives under, for `getConfiguration` and `affectsConfiguration`. */
export const SETTINGS_SECTION = 'promptsift';

/** Names shown in the editor: the output channel, the diagnostics' source, the status item. */
export const NAMES = {
  outputChannel: 'PromptSift',
  diagnosticSource: 'PromptSift',
  statusItem: 'PromptSift',
} as const;

/** Ids VS Code keeps internally (status item, diagnostic collection) and our own URI scheme. */
export const INTERNAL_IDS = {
  statusItem: 'promptsift.status',
  diagnosticCollection: 'promptsift',
  /** Read-only documents that describe one check each, e.g. `promptsift-docs:/checks/duplicate-id.md`. */
  docsScheme: 'promptsift-docs',
} as const;

/** JSON schemas registered for Red Hat's YAML extension through `contributes.yamlValidation`. */
export const SCHEMAS = {
  rule: './schemas/promptsift-rule.schema.json',
  pack: './schemas/promptsift-pack.schema.json',
} as const;
