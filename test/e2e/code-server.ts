// Starts code-server (VS Code 1.139 served to a browser) with our packaged extension installed,
// in throwaway user-data, extensions and workspace folders, and stops it again.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface CodeServer {
  /** The workbench URL, opening `folder`. */
  url: string;
  /** The copy of the workspace the editor has open (the tests edit it). */
  folder: string;
  /** Where VS Code writes its logs (the extension host's among them). */
  logsDir: string;
  /** Where the packaged extension is installed (its worker processes run from there). */
  extensionsDir: string;
  /** The user settings file (the Settings editor writes it). */
  settingsFile: string;
  /** What code-server printed so far. */
  output(): string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  vsix: string;
  /** A folder copied to a temporary one that the editor opens. */
  workspace: string;
  /** User settings written before the workbench starts. */
  settings: Record<string, unknown>;
}

/** The setup script's install locations, handed over by `test/e2e/run.sh`. */
function fromEnvironment(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the real-editor test with \`npm run test:e2e\`, which installs code-server and sets it.`);
  return value;
}

export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const codeServer = fromEnvironment('INTERLEAVE_E2E_CODE_SERVER');
  const nodeBin = fromEnvironment('INTERLEAVE_E2E_NODE_BIN');
  const root = mkdtempSync(path.join(tmpdir(), 'interleave-e2e-'));
  const folder = path.join(root, 'workspace');
  const userDataDir = path.join(root, 'user-data');
  cpSync(options.workspace, folder, { recursive: true });
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(options.settings, null, 2));
  const common = [
    '--config', path.join(root, 'config.yaml'),
    '--user-data-dir', userDataDir,
    '--extensions-dir', path.join(root, 'extensions'),
  ];
  // code-server's script runs on the `node` it finds first: it must be Node 24.
  const env = { ...process.env, PATH: `${nodeBin}${path.delimiter}${process.env.PATH ?? ''}` };

  const install = spawnSync(codeServer, [...common, '--install-extension', options.vsix], { env, encoding: 'utf8' });
  if (install.status !== 0 || !/successfully installed/.test(install.stdout)) {
    throw new Error(`code-server --install-extension ${options.vsix} failed:\n${install.stdout}\n${install.stderr}`);
  }

  // Port 0: the system picks a free port and code-server prints it.
  const child = spawn(
    codeServer,
    [...common, '--auth', 'none', '--bind-addr', '127.0.0.1:0', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', folder],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening:\n${output}`));
    });
  });

  return {
    url: `${base}/?folder=${encodeURIComponent(folder)}`,
    folder,
    logsDir: path.join(userDataDir, 'logs'),
    extensionsDir: path.join(root, 'extensions'),
    settingsFile: path.join(userDataDir, 'User', 'settings.json'),
    output: () => output,
    async stop() {
      // The whole process group: code-server forks the extension host and file watchers.
      const signal = (name: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, name);
        } catch {
          // already gone
        }
      };
      signal('SIGTERM');
      const killed = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 10_000))]);
      if (!killed) signal('SIGKILL');
      if (!process.env.INTERLEAVE_E2E_KEEP) rmSync(root, { recursive: true, force: true });
    },
  };
}
