// A throwaway VS Code profile for one suite: extensions folder, user data with settings, a copy of
// the suite's workspace fixture, and the files the in-host runner and code-server write.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { cleanEnv } from './code-server';
import type { Tools } from './tools';

export interface Profile {
  root: string;
  extensionsDir: string;
  userDataDir: string;
  workspaceDir: string;
  codeServerConfig: string;
  codeServerLog: string;
  claimFile: string;
  progressFile: string;
  resultsFile: string;
}

/** Settings of every suite: a trusted workspace, no welcome page, nothing that phones home. */
export const BASE_SETTINGS: Record<string, unknown> = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.enableExperiments': false,
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'git.enabled': false,
};

/** The repository this harness belongs to. */
const REPOSITORY_DIR = path.resolve(__dirname, '../..');

/**
 * Creates a fresh profile with a copy of `workspaceFixture`; each of `copies` is copied from
 * `repositoryDir` into that copy (paths relative to each).
 */
export function createProfile(root: string, workspaceFixture: string, settings: Record<string, unknown> = {}, copies: readonly { from: string; to: string }[] = [], repositoryDir = REPOSITORY_DIR): Profile {
  const profile: Profile = {
    root,
    extensionsDir: path.join(root, 'extensions'),
    userDataDir: path.join(root, 'user-data'),
    workspaceDir: path.join(root, 'workspace', path.basename(workspaceFixture)),
    codeServerConfig: path.join(root, 'code-server.yaml'),
    codeServerLog: path.join(root, 'code-server.log'),
    claimFile: path.join(root, 'suite.claimed'),
    progressFile: path.join(root, 'suite.progress'),
    resultsFile: path.join(root, 'suite.results.json'),
  };
  if (!existsSync(workspaceFixture)) throw new Error(`workspace fixture ${workspaceFixture} does not exist`);
  mkdirSync(profile.extensionsDir, { recursive: true });
  mkdirSync(path.join(profile.userDataDir, 'User'), { recursive: true });
  cpSync(workspaceFixture, profile.workspaceDir, { recursive: true });
  for (const copy of copies) {
    const from = path.resolve(repositoryDir, copy.from);
    if (!existsSync(from)) throw new Error(`${copy.from}, to be copied into the workspace, does not exist`);
    const to = path.resolve(profile.workspaceDir, copy.to);
    mkdirSync(path.dirname(to), { recursive: true });
    cpSync(from, to, { recursive: true });
  }
  writeFileSync(
    path.join(profile.userDataDir, 'User', 'settings.json'),
    JSON.stringify({ ...BASE_SETTINGS, ...settings }, null, 2),
  );
  // An explicit config file keeps code-server from reading (or creating) ~/.config/code-server.
  writeFileSync(profile.codeServerConfig, 'auth: none\n');
  return profile;
}

/** What an extension ships, when it is installed by copying its folder rather than from a VSIX. */
const SHIPPED = /^(package\.json|package\.nls(\..+)?\.json|dist|schemas|syntaxes|rules|snippets|media|images|language-configuration\.json|README\.md|CHANGELOG\.md|LICENSE(\..+)?)$/;

/** Copies an extension's shipped files into the profile as `publisher.name-version`; returns its id. */
export function installExtensionFolder(extensionDir: string, profile: Profile): string {
  const manifest = readManifest(extensionDir);
  const target = path.join(profile.extensionsDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`);
  for (const entry of readdirSync(extensionDir)) {
    if (SHIPPED.test(entry)) cpSync(path.join(extensionDir, entry), path.join(target, entry), { recursive: true });
  }
  return `${manifest.publisher}.${manifest.name}`;
}

/** Installs a VSIX with code-server's own installer, which also validates the package. */
export function installVsix(tools: Tools, profile: Profile, vsix: string): void {
  execFileSync(
    tools.node,
    [
      tools.codeServerEntry,
      '--config', profile.codeServerConfig,
      '--user-data-dir', profile.userDataDir,
      '--extensions-dir', profile.extensionsDir,
      '--install-extension', path.resolve(vsix),
      '--force',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', env: cleanEnv(tools) },
  );
}

export function readManifest(extensionDir: string): { publisher: string; name: string; version: string; main?: string } {
  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'package.json'), 'utf8'));
  for (const key of ['publisher', 'name', 'version']) {
    if (typeof manifest[key] !== 'string') throw new Error(`${extensionDir}/package.json has no "${key}"`);
  }
  return manifest;
}
