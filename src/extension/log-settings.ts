// Reads the settings of the log features (which files are logs, which findings to show, how to
// decorate them) into plain values; callers read them again after a change.
import * as vscode from 'vscode';
import { LEVELS, type Level } from '../core/model';
import { SETTINGS } from './ids';

export const DECORATION_STYLES = ['underline', 'background', 'both'] as const;
export type DecorationStyle = (typeof DECORATION_STYLES)[number];

export interface DecorationSettings {
  style: DecorationStyle;
  /** Most matches decorated in one editor: those nearest the lines on screen. */
  maxPerEditor: number;
}

const DEFAULT_MAX_PER_EDITOR = 2000;

export function readDecorationSettings(): DecorationSettings {
  const config = vscode.workspace.getConfiguration();
  const style = config.get<unknown>(SETTINGS.decorationsStyle);
  const max = config.get<unknown>(SETTINGS.decorationsMaxPerEditor);
  return {
    style: DECORATION_STYLES.includes(style as DecorationStyle) ? (style as DecorationStyle) : 'underline',
    maxPerEditor: typeof max === 'number' && Number.isFinite(max) && max >= 0 ? Math.floor(max) : DEFAULT_MAX_PER_EDITOR,
  };
}

/** Matches of rules below this level are not scanned for, decorated or listed. */
export function readMinimumLevel(scope?: vscode.ConfigurationScope): Level {
  const value = vscode.workspace.getConfiguration(undefined, scope).get<unknown>(SETTINGS.findingsMinimumLevel);
  return LEVELS.includes(value as Level) ? (value as Level) : 'low';
}

export function isShowingFindingDiagnostics(scope?: vscode.ConfigurationScope): boolean {
  return vscode.workspace.getConfiguration(undefined, scope).get<unknown>(SETTINGS.findingsDiagnostics) !== false;
}

/** Globs (relative to the workspace folder) of logs outside any pack; the package.json default when invalid. */
export function readLogInclude(scope?: vscode.ConfigurationScope): string[] {
  const config = vscode.workspace.getConfiguration(undefined, scope);
  const value = config.get<unknown>(SETTINGS.logsInclude);
  if (isStringList(value)) return value;
  const fallback = config.inspect<unknown>(SETTINGS.logsInclude)?.defaultValue;
  return isStringList(fallback) ? fallback : [];
}

export function affectsLogDiscovery(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS.logsInclude);
}

export function affectsMinimumLevel(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS.findingsMinimumLevel);
}

export function affectsFindingDiagnostics(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS.findingsDiagnostics);
}

export function affectsDecorations(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SETTINGS.decorationsStyle) || event.affectsConfiguration(SETTINGS.decorationsMaxPerEditor);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}
