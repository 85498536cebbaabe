// Starts code-server on a free loopback port for one suite and stops it again, with everything it
// spawned (the extension host, file watchers, pty host), by killing its process group.
import { spawn } from 'node:child_process';
import { openSync, closeSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import type { Profile } from './profile';
import type { Tools } from './tools';
import { waitFor } from './wait';

export interface CodeServer {
  url: string;
  /** SIGTERM to the whole process group, SIGKILL if it is still there after a few seconds. */
  stop(): Promise<void>;
  /** Synchronous last resort for the driver's exit handler. */
  killNow(): void;
}

const FLAGS = [
  '--auth', 'none',
  '--disable-telemetry',
  '--disable-update-check',
  '--disable-getting-started-override',
  '--disable-file-downloads',
  '--disable-proxy',
  '--ignore-last-opened',
  // UI helpers find menus and commands by their English labels.
  '--locale', 'en',
];

export async function startCodeServer(tools: Tools, profile: Profile, { timeoutMs = 60_000 } = {}): Promise<CodeServer> {
  // The port is free when asked for, but another process could take it before code-server binds
  // it; a second attempt on a new port makes that race harmless.
  try {
    return await startOnFreePort(tools, profile, timeoutMs);
  } catch (error) {
    if (!/EADDRINUSE/.test(readLog(profile.codeServerLog))) throw error;
    return startOnFreePort(tools, profile, timeoutMs);
  }
}

async function startOnFreePort(tools: Tools, profile: Profile, timeoutMs: number): Promise<CodeServer> {
  const port = await findFreePort();
  const log = openSync(profile.codeServerLog, 'w');
  const child = spawn(
    tools.node,
    [
      tools.codeServerEntry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--config', profile.codeServerConfig,
      '--user-data-dir', profile.userDataDir,
      '--extensions-dir', profile.extensionsDir,
      ...FLAGS,
    ],
    // A group of its own, so that stopping it reaches the extension host and other grandchildren.
    { detached: true, stdio: ['ignore', log, log], env: cleanEnv(tools) },
  );
  closeSync(log);
  // Aborts the wait for /healthz as soon as code-server dies, rather than at the deadline.
  const onExit = new AbortController();
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      onExit.abort(new Error(`code-server exited with code ${code}: ${lastLines(readLog(profile.codeServerLog))}`));
      resolve();
    }),
  );
  const server = handle(child.pid, exited, `http://127.0.0.1:${port}`);
  try {
    await waitFor(`code-server to answer on port ${port}`, async () => (await fetch(`${server.url}/healthz`)).ok, {
      timeoutMs,
      intervalMs: 200,
      signal: onExit.signal,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

function handle(pid: number | undefined, exited: Promise<void>, url: string): CodeServer {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (pid !== undefined) process.kill(-pid, signal);
    } catch {
      // The group is already empty.
    }
  };
  return {
    url,
    async stop() {
      if (!hasExited) {
        signalGroup('SIGTERM');
        const timer = new Promise<'timeout'>((resolve) => setTimeout(resolve, 5_000, 'timeout').unref());
        if ((await Promise.race([exited, timer])) === 'timeout') {
          signalGroup('SIGKILL');
          await exited;
        }
      }
      // Children that outlive code-server (an extension host, a file watcher) are still in its group.
      signalGroup('SIGKILL');
    },
    killNow: () => signalGroup('SIGKILL'),
  };
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * The driver's environment minus what would make code-server talk to another VS Code (run from a
 * VS Code terminal, VSCODE_IPC_HOOK_CLI and friends would send `code` requests to that window),
 * plus what keeps it offline.
 */
export function cleanEnv(tools: Tools): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('VSCODE_') && key !== 'ELECTRON_RUN_AS_NODE') env[key] = value;
  }
  env.PATH = `${path.dirname(tools.node)}${path.delimiter}${process.env.PATH ?? ''}`;
  // A gallery without a service URL turns the marketplace off: no update checks against open-vsx.org.
  env.EXTENSIONS_GALLERY = '{}';
  return env;
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

function lastLines(text: string, count = 15): string {
  return text.trimEnd().split('\n').slice(-count).join('\n');
}
