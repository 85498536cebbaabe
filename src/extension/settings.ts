// Reads the user's settings into plain values; callers read them again after a change instead of
// keeping a shared configuration object up to date.
import * as vscode from 'vscode';
import type { Severity } from '../core/engine';
import { SETTINGS, SETTINGS_SECTION } from './ids';

export interface DiagnosticsSettings {
  isEnabled: boolean;
  /** Problems below this severity are not shown. */
  minimumSeverity: Severity;
}

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

/** Whether and how problems of rule files become diagnostics, for the folder of `scope`. */
export function readDiagnosticsSettings(scope?: vscode.ConfigurationScope): DiagnosticsSettings {
  const config = vscode.workspace.getConfiguration(undefined, scope);
  const minimum = config.get<unknown>(SETTINGS.diagnosticsMinimumSeverity);
  return {
    isEnabled: config.get<unknown>(SETTINGS.diagnosticsEnabled) !== false,
    minimumSeverity: SEVERITIES.includes(minimum as Severity) ? (minimum as Severity) : 'info',
  };
}

/**
 * Globs (relative to the workspace folder) of rule files outside any pack. A value that is not a
 * list of strings falls back to the default declared in package.json.
 */
export function readRuleInclude(scope?: vscode.ConfigurationScope): string[] {
  const config = vscode.workspace.getConfiguration(undefined, scope);
  const value = config.get<unknown>(SETTINGS.rulesInclude);
  if (isStringList(value)) return value;
  const fallback = config.inspect<unknown>(SETTINGS.rulesInclude)?.defaultValue;
  return isStringList(fallback) ? fallback : [];
}

export interface CodeLensSettings {
  /** CodeLens on the title of each detection rule. */
  isEnabled: boolean;
  /** Count each rule's hits in the workspace's logs (scanned on worker threads) for the lens. */
  showHits: boolean;
}

export function readCodeLensSettings(scope?: vscode.ConfigurationScope): CodeLensSettings {
  const config = vscode.workspace.getConfiguration(undefined, scope);
  const isEnabled = config.get<unknown>(SETTINGS.codeLensEnabled) !== false;
  return { isEnabled, showHits: isEnabled && config.get<unknown>(SETTINGS.codeLensHits) !== false };
}

export function affectsCodeLens(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS.codeLensEnabled) || event.affectsConfiguration(SETTINGS.codeLensHits);
}

export function affectsAnySetting(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS_SECTION);
}

/** True when the change can turn files into rule files or back. */
export function affectsRuleDiscovery(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS.rulesInclude);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
