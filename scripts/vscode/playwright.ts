// Loads playwright-core from the tool folder and declares the slice of its API the harness uses.
// playwright-core is not a dependency of the repository (it comes with code-server's toolchain, see
// .ci/setup-vscode.sh), so TypeScript cannot see its own typings; these mirror them.
import { createRequire } from 'node:module';
import * as path from 'node:path';

type WaitState = 'attached' | 'detached' | 'visible' | 'hidden';

export interface Locator {
  first(): Locator;
  nth(index: number): Locator;
  locator(selector: string): Locator;
  filter(options: { hasText?: string | RegExp }): Locator;
  count(): Promise<number>;
  waitFor(options?: { state?: WaitState; timeout?: number }): Promise<void>;
  innerText(options?: { timeout?: number }): Promise<string>;
  allInnerTexts(): Promise<string[]>;
  getAttribute(name: string, options?: { timeout?: number }): Promise<string | null>;
  click(options?: { timeout?: number }): Promise<void>;
  fill(value: string, options?: { timeout?: number }): Promise<void>;
  isVisible(): Promise<boolean>;
  boundingBox(): Promise<{ x: number; y: number; width: number; height: number } | null>;
}

export interface Page {
  goto(url: string, options?: { timeout?: number; waitUntil?: 'load' | 'domcontentloaded' }): Promise<unknown>;
  locator(selector: string): Locator;
  keyboard: {
    press(key: string): Promise<void>;
    type(text: string, options?: { delay?: number }): Promise<void>;
  };
  mouse: { move(x: number, y: number, options?: { steps?: number }): Promise<void> };
  screenshot(options: { path: string; fullPage?: boolean; clip?: { x: number; y: number; width: number; height: number } }): Promise<unknown>;
  evaluate<R, A>(fn: (arg: A) => R, arg: A): Promise<R>;
  waitForFunction<R, A>(
    fn: (arg: A) => R,
    arg: A,
    options?: { timeout?: number; polling?: number },
  ): Promise<{ jsonValue(): Promise<R> }>;
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
}

export interface BrowserContext {
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

export interface Browser {
  newContext(options?: { viewport?: { width: number; height: number } }): Promise<BrowserContext>;
  close(): Promise<void>;
}

interface BrowserType {
  launch(options: { executablePath: string; args: string[]; headless?: boolean; timeout?: number }): Promise<Browser>;
}

/** Chromium flags that keep a headless browser quiet and offline (see shared/docs/real-vscode.md). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts the system Chromium (or `$PROMPTSIFT_CHROMIUM`) through the tool folder's playwright-core.
 * Each launch gets a fresh temporary profile, which playwright deletes on close.
 */
export function launchChromium(toolsDir: string): Promise<Browser> {
  const require = createRequire(path.join(toolsDir, 'package.json'));
  const { chromium } = require('playwright-core') as { chromium: BrowserType };
  const executablePath = process.env.PROMPTSIFT_CHROMIUM ?? '/usr/bin/chromium';
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true, timeout: 30_000 });
}
