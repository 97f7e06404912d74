// Wiring only: turns editor events and requests into requests to the engine workers, and their
// answers into VS Code objects. No checker runs on this thread (see README, "Architecture").
import path from 'node:path';
import * as vscode from 'vscode';
import type { DocumentInput, Problem } from './core/analyzer';
import { COMMANDS } from './core/commands';
import { Debouncer } from './core/debounce';
import type { LintOutcome } from './core/document-store';
import { CHECKED_LANGUAGE_IDS, languageOf } from './core/languages';
import { LintScheduler } from './core/lint-scheduler';
import type { EngineSettings, Method } from './core/protocol';
import { readSettings, type Settings } from './core/settings';
import { statusView, type Status } from './core/status';
import { WorkerClient, WorkerUnavailableError } from './core/worker-client';
import { diagnosticsDecision, PluginDetector } from './core/workspace-config';
import { showDocumentation } from './documentation';
import { queryProviders } from './providers';
import { DIAGNOSTIC_SOURCE, toDiagnostic, toInput } from './vscode-objects';
import { forkWorker } from './worker-process';

const SELECTOR: vscode.DocumentSelector = CHECKED_LANGUAGE_IDS.map((language) => ({ language }));
/** Files and new editors; not the read-only copies diff views and other extensions open. */
const LINTED_SCHEMES = ['file', 'untitled'];
/** Quiet time after a keystroke before the lint is asked for (the lint itself runs in the worker). */
const LINT_DELAY_MS = 100;
const ESLINT_EXTENSION = 'dbaeumer.vscode-eslint';
/** Past these a worker counts as hung and is restarted; the first request loads the engine. */
const LINT_TIMEOUT_MS = 60_000;
const QUERY_TIMEOUT_MS = 30_000;

interface LintJob {
  uri: string;
  version: number;
  document: DocumentInput;
  settings: EngineSettings;
}

export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Interleave');
  const log = (line: string): void => output.appendLine(line);
  const collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  const statusItem = vscode.window.createStatusBarItem('interleave.status', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'Interleave';
  statusItem.command = COMMANDS.showOutput;
  const debouncer = new Debouncer(LINT_DELAY_MS);
  const detector = new PluginDetector(readWorkspaceText);
  /** The latest finished lint of each document: the version it was of and its problems (their suggestions fit that text only). */
  const results = new Map<string, { version: number; problems: Problem[] }>();
  /** Documents whose problems Interleave does not show, and why. */
  const quiet = new Map<string, string>();
  const lockDeclarations = new Map<string, Promise<Record<string, unknown> | null>>();

  const timeoutMs = (method: Method): number => (method === 'lint' || method === 'prepare' ? LINT_TIMEOUT_MS : QUERY_TIMEOUT_MS);
  const lintWorker = new WorkerClient({
    name: 'lint',
    spawn: () => forkWorker('lint', log),
    log,
    timeoutMs,
    onRestart: () => {
      results.clear();
      lintAll();
    },
  });
  // Hovers, code actions and completions have a worker of their own, so that they never wait for a lint.
  const queryWorker = new WorkerClient({ name: 'query', spawn: () => forkWorker('query', log), log, timeoutMs, onRestart: () => undefined });

  const scheduler = new LintScheduler<LintJob, LintOutcome>({
    run: (job) => lintWorker.request('lint', { document: job.document, settings: job.settings }),
    currentVersion: (uri) => openDocument(uri)?.version,
    publish(job, outcome) {
      if (outcome.error) log(`${job.document.fileName}:${outcome.error.line}:${outcome.error.column}: ${outcome.error.message} (kept the last diagnostics)`);
      results.set(job.uri, { version: job.version, problems: outcome.stale ? [] : outcome.problems });
      collection.set(vscode.Uri.parse(job.uri), outcome.problems.map(toDiagnostic));
      updateStatus();
    },
    failed(job, error) {
      // A crash or hang is logged by the worker client, which lints the open documents again.
      if (!(error instanceof WorkerUnavailableError)) log(`${job.document.fileName}: ${errorText(error)}`);
      updateStatus();
    },
    busyChanged: () => updateStatus(),
  });

  function updateStatus(): void {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || !isChecked(document)) {
      statusItem.hide();
      return;
    }
    const uri = document.uri.toString();
    const problems = collection.get(document.uri)?.length ?? 0;
    const reason = lintWorker.failed ? 'the lint worker failed repeatedly (see the output); reload the window to start it again.' : quiet.get(uri);
    const status: Status = reason
      ? { kind: 'off', reason }
      : { kind: scheduler.linting(uri) || debouncer.pending(uri) ? 'linting' : 'idle', problems };
    const view = statusView(status);
    statusItem.text = view.text;
    statusItem.tooltip = view.tooltip;
    statusItem.show();
  }

  /** The user's lock declarations for a document: editor settings and the nearest ESLint config's literal ones. */
  async function engineSettings(document: vscode.TextDocument): Promise<EngineSettings> {
    const settings = settingsFor(document.uri);
    const configuration = vscode.workspace.getConfiguration('interleave', document.uri);
    const editor = { wrappers: configuration.get<unknown>('wrappers'), lockFactories: configuration.get<unknown>('lockFactories') };
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const config = folder ? await detector.nearestConfig(path.posix.dirname(document.uri.path), folder.uri.path) : null;
    const key = JSON.stringify([editor, config?.path ?? null, config?.text ?? null]);
    let declarations = lockDeclarations.get(key);
    // Nothing to read (the usual case): no need to wait for the query worker to load its engine.
    if (!declarations && !declares(editor.wrappers) && !declares(editor.lockFactories) && !/\bsettings\b/.test(config?.text ?? '')) declarations = Promise.resolve(null);
    if (!declarations) {
      declarations = queryWorker
        .request('lockSettings', { editor, config: config && { fileName: path.posix.basename(config.path), text: config.text } })
        .then((answer) => {
          for (const note of answer.notes) log(`Interleave settings: ${note}`);
          return answer.interleave;
        })
        .catch((error: unknown) => {
          log(`Interleave settings could not be read: ${errorText(error)}`);
          lockDeclarations.delete(key);
          return null;
        });
      lockDeclarations.set(key, declarations);
    }
    return { preset: settings.preset, lockLibrary: settings.lockLibrary, interleave: await declarations };
  }

  async function lint(document: vscode.TextDocument): Promise<void> {
    if (!isChecked(document) || !LINTED_SCHEMES.includes(document.uri.scheme)) return;
    const uri = document.uri.toString();
    const decision = await diagnosticsDecision(settingsFor(document.uri).diagnostics, {
      loadsPlugin: async () => languageOf(document.languageId)!.eslintPlugin && (await workspaceLoadsPlugin(document.uri, detector)),
      eslintExtensionActive: () => eslintExtensionActive(document.uri),
    });
    if (document.isClosed) return;
    if (!decision.show) {
      quiet.set(uri, decision.reason);
      results.delete(uri);
      collection.delete(document.uri);
      updateStatus();
      return;
    }
    quiet.delete(uri);
    const settings = await engineSettings(document);
    if (document.isClosed) return;
    const input = toInput(document);
    scheduler.schedule({ uri, version: input.version, document: input, settings });
    // Parsed ahead in the query worker, the next hover or lightbulb answers at once.
    queryWorker.request('prepare', { document: input, settings }).catch(ignoreUnavailable);
    updateStatus();
  }

  const report = (error: unknown): void => log(errorText(error));
  const lintNow = (document: vscode.TextDocument): void => void lint(document).catch(report);
  const lintSoon = (document: vscode.TextDocument): void => {
    debouncer.schedule(document.uri.toString(), () => lintNow(document));
    updateStatus();
  };
  const lintAll = (): void => vscode.workspace.textDocuments.forEach(lintSoon);
  const ignoreUnavailable = (error: unknown): void => {
    if (!(error instanceof WorkerUnavailableError)) report(error);
  };

  const watcher = vscode.workspace.createFileSystemWatcher('**/{eslint.config.{js,mjs,cjs,ts,mts,cts},package.json,pyproject.toml}');
  const configChanged = (): void => {
    detector.invalidate();
    lintAll();
  };

  const { provideHover, provideCodeActions, provideCompletionItems, choosePrimitive } = queryProviders({
    extension: context,
    worker: queryWorker,
    engineSettings,
    currentProblems(document) {
      const latest = results.get(document.uri.toString());
      return latest?.version === document.version ? latest.problems : [];
    },
    isChecked,
    ignoreUnavailable,
  });

  context.subscriptions.push(
    collection,
    output,
    statusItem,
    watcher,
    { dispose: () => debouncer.dispose() },
    { dispose: () => lintWorker.dispose() },
    { dispose: () => queryWorker.dispose() },
    watcher.onDidChange(configChanged),
    watcher.onDidCreate(configChanged),
    watcher.onDidDelete(configChanged),
    vscode.extensions.onDidChange(lintAll),
    vscode.workspace.onDidOpenTextDocument(lintNow),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) lintSoon(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      const uri = document.uri.toString();
      debouncer.cancel(uri);
      scheduler.forget(uri);
      results.delete(uri);
      quiet.delete(uri);
      collection.delete(document.uri);
      for (const worker of [lintWorker, queryWorker]) if (worker.running) worker.request('forget', { uri }).catch(ignoreUnavailable);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('interleave') || event.affectsConfiguration('eslint.enable')) lintAll();
    }),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.languages.registerHoverProvider(SELECTOR, { provideHover }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, { provideCodeActions }, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
    }),
    vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems }),
    vscode.commands.registerCommand(COMMANDS.showDocumentation, (name?: unknown) => showDocumentation(context, name)),
    vscode.commands.registerCommand(COMMANDS.choosePrimitive, choosePrimitive),
    vscode.commands.registerCommand(COMMANDS.showOutput, () => output.show(true)),
  );

  // Documents already open when the extension starts (the one that activated it among them).
  setTimeout(lintAll, 0);
}

function settingsFor(uri: vscode.Uri): Settings {
  return readSettings((key) => vscode.workspace.getConfiguration('interleave', uri).get(key));
}

/** A declaration list the user filled in (the settings' default is an empty list). */
function declares(value: unknown): boolean {
  return Array.isArray(value) ? value.length > 0 : value !== undefined;
}

function isChecked(document: vscode.TextDocument): boolean {
  return CHECKED_LANGUAGE_IDS.includes(document.languageId);
}

function openDocument(uri: string): vscode.TextDocument | undefined {
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri);
}

/** vscode-eslint is installed, enabled (disabled extensions are not listed) and not switched off by `eslint.enable`. */
function eslintExtensionActive(uri: vscode.Uri): boolean {
  return vscode.extensions.getExtension(ESLINT_EXTENSION) !== undefined && vscode.workspace.getConfiguration('eslint', uri).get('enable') !== false;
}

async function workspaceLoadsPlugin(uri: vscode.Uri, detector: PluginDetector): Promise<boolean> {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (!folder) return false;
  return detector.loadsPlugin(path.posix.dirname(uri.path), folder.uri.path);
}

async function readWorkspaceText(filePath: string): Promise<string | null> {
  const folder = vscode.workspace.workspaceFolders?.find((candidate) => filePath.startsWith(`${candidate.uri.path.replace(/\/$/, '')}/`));
  if (!folder) return null;
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(folder.uri.with({ path: filePath })));
  } catch {
    return null;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
