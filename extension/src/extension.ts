// Wiring only: turns editor events and requests into calls on the engine and the core modules,
// and their answers into VS Code objects. No decisions are made here.
import path from 'node:path';
import * as vscode from 'vscode';
import type { CoreAction, DiagnosticRef, DocumentInput, Engine, Problem } from './engine';
import { COMMANDS, TRUSTED_HOVER_COMMANDS } from './core/commands';
import { Debouncer } from './core/debounce';
import { readSettings, type Settings } from './core/settings';
import { diagnosticsEnabled, PluginDetector } from './core/workspace-config';

type EngineModule = typeof import('./engine');

const LANGUAGES = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'];
const SELECTOR: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));
const SOURCE = 'interleave';
/** Files and new editors; not the read-only copies diff views and other extensions open. */
const LINTED_SCHEMES = ['file', 'untitled'];
const LINT_DELAY_MS = 200;
const DOC_NAME = /^(?:primitives\/)?[a-z0-9-]+$/;

let engineModule: EngineModule | undefined;
let engineInstance: Engine | undefined;

/** The engine bundle (parser, linter, plugin), loaded on first use. */
function engineLib(): EngineModule {
  engineModule ??= require(path.join(__dirname, 'engine.js')) as EngineModule;
  return engineModule;
}

function engine(): Engine {
  engineInstance ??= engineLib().createEngine();
  return engineInstance;
}

export function activate(context: vscode.ExtensionContext): void {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const debouncer = new Debouncer(LINT_DELAY_MS);
  const detector = new PluginDetector(readWorkspaceText);
  const output = vscode.window.createOutputChannel('Interleave');

  async function lint(document: vscode.TextDocument): Promise<void> {
    if (!isSupported(document) || !LINTED_SCHEMES.includes(document.uri.scheme)) return;
    const settings = settingsFor(document.uri);
    const enabled = await diagnosticsEnabled(settings.diagnostics, () => workspaceLoadsPlugin(document.uri, detector));
    if (document.isClosed) return;
    if (!enabled) {
      collection.delete(document.uri);
      return;
    }
    const outcome = engine().lint(toInput(document), settings.preset);
    if (outcome.error) output.appendLine(`${document.uri.fsPath}:${outcome.error.line}:${outcome.error.column}: ${outcome.error.message} (kept the last diagnostics)`);
    collection.set(document.uri, outcome.problems.map((problem) => toDiagnostic(problem)));
  }

  const lintSoon = (document: vscode.TextDocument): void =>
    debouncer.schedule(document.uri.toString(), () => void lint(document).catch(report));
  const lintAll = (): void => vscode.workspace.textDocuments.forEach((document) => lintSoon(document));
  const report = (error: unknown): void => output.appendLine(String(error instanceof Error ? (error.stack ?? error.message) : error));

  const watcher = vscode.workspace.createFileSystemWatcher('**/{eslint.config.{js,mjs,cjs,ts,mts,cts},package.json}');
  const configChanged = (): void => {
    detector.invalidate();
    lintAll();
  };

  context.subscriptions.push(
    collection,
    output,
    watcher,
    { dispose: () => debouncer.dispose() },
    watcher.onDidChange(configChanged),
    watcher.onDidCreate(configChanged),
    watcher.onDidDelete(configChanged),
    vscode.workspace.onDidOpenTextDocument((document) => void lint(document).catch(report)),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length > 0) lintSoon(event.document);
    }),
    vscode.workspace.onDidCloseTextDocument((document) => {
      debouncer.cancel(document.uri.toString());
      collection.delete(document.uri);
      engineInstance?.forget(document.uri.toString());
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('interleave')) lintAll();
    }),
    vscode.languages.registerHoverProvider(SELECTOR, { provideHover }),
    vscode.languages.registerCodeActionsProvider(SELECTOR, { provideCodeActions }, {
      providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite],
    }),
    vscode.languages.registerCompletionItemProvider(SELECTOR, { provideCompletionItems }),
    vscode.commands.registerCommand(COMMANDS.showDocumentation, (name?: unknown) => showDocumentation(context, name)),
    vscode.commands.registerCommand(COMMANDS.choosePrimitive, () => choosePrimitive(context)),
  );

  // Documents already open when the extension starts (the one that activated it among them).
  setTimeout(lintAll, 0);
}

export function deactivate(): void {
  engineInstance = undefined;
}

function provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | null {
  const found = engine().hover(toInput(document), document.offsetAt(position));
  if (!found) return null;
  const markdown = new vscode.MarkdownString(found.markdown);
  markdown.isTrusted = { enabledCommands: TRUSTED_HOVER_COMMANDS };
  return new vscode.Hover(markdown, new vscode.Range(document.positionAt(found.range[0]), document.positionAt(found.range[1])));
}

function provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
  const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === SOURCE);
  const refs = ours.map(toRef);
  const lockLibrary = settingsFor(document.uri).lockLibrary;
  const selection: [number, number] = [document.offsetAt(range.start), document.offsetAt(range.end)];
  const invoked = context.triggerKind === vscode.CodeActionTriggerKind.Invoke;
  return engine()
    .codeActions(toInput(document), refs, selection, lockLibrary)
    .filter((action) => !action.disabled || invoked)
    .map((action) => toCodeAction(document, action, ours[action.diagnostic ? refs.indexOf(action.diagnostic) : -1]))
    .filter((action) => !context.only || (action.kind !== undefined && context.only.contains(action.kind)));
}

function provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] {
  const word = document.getWordRangeAtPosition(position);
  if (!word || !word.end.isEqual(position)) return [];
  const lockLibrary = settingsFor(document.uri).lockLibrary;
  const completions = engine().completions(toInput(document), [document.offsetAt(word.start), document.offsetAt(word.end)], lockLibrary);
  return completions.map((completion) => {
    const item = new vscode.CompletionItem(completion.label, vscode.CompletionItemKind.Snippet);
    item.filterText = completion.filterText;
    item.detail = completion.detail;
    item.insertText = new vscode.SnippetString(completion.plan.snippet.body);
    item.range = word;
    item.keepWhitespace = true;
    item.additionalTextEdits = completion.plan.edits.map((edit) => toTextEdit(document, edit));
    return item;
  });
}

async function showDocumentation(context: vscode.ExtensionContext, name: unknown): Promise<void> {
  const chosen = typeof name === 'string' ? name : await pickDocument(context);
  if (!chosen) return;
  if (!DOC_NAME.test(chosen)) throw new Error(`Interleave: no documentation page named "${chosen}".`);
  const page = vscode.Uri.joinPath(context.extensionUri, 'rules-docs', `${chosen}.md`);
  try {
    await vscode.workspace.fs.stat(page);
  } catch {
    void vscode.window.showWarningMessage(`Interleave: the documentation page "${chosen}" is not in this build.`);
    return;
  }
  await vscode.commands.executeCommand('markdown.showPreview', page);
}

async function pickDocument(context: vscode.ExtensionContext): Promise<string | undefined> {
  const pages: string[] = [];
  for (const folder of ['', 'primitives/']) {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(context.extensionUri, 'rules-docs', folder));
    for (const [file, type] of entries) if (type === vscode.FileType.File && file.endsWith('.md')) pages.push(`${folder}${file.slice(0, -3)}`);
  }
  return vscode.window.showQuickPick(pages.sort(), { placeHolder: 'Interleave documentation page' });
}

async function choosePrimitive(context: vscode.ExtensionContext): Promise<void> {
  const lib = engineLib();
  type Item = vscode.QuickPickItem & { choice: (typeof lib.CHOOSER)[number] };
  const toItems = (choices: typeof lib.CHOOSER): Item[] => choices.map((choice) => ({ label: choice.label, detail: choice.detail, choice }));
  let picked = await vscode.window.showQuickPick(toItems(lib.CHOOSER), { placeHolder: lib.CHOOSER_QUESTION, matchOnDetail: true });
  while (picked && typeof picked.choice.next !== 'string') {
    picked = await vscode.window.showQuickPick(toItems(picked.choice.next), { placeHolder: picked.label, matchOnDetail: true });
  }
  if (!picked || typeof picked.choice.next !== 'string') return;
  const editor = vscode.window.activeTextEditor;
  if (!editor || !isSupported(editor.document)) {
    await showDocumentation(context, `primitives/${picked.choice.card}`);
    return;
  }
  const document = editor.document;
  const plan = engine().insertPrimitive(toInput(document), picked.choice.next, document.offsetAt(editor.selection.active), settingsFor(document.uri).lockLibrary);
  if (!plan) {
    void vscode.window.showWarningMessage('Interleave: the document has a syntax error; fix it, then choose a primitive again.');
    return;
  }
  const text = document.getText();
  if (plan.edits.length > 0) {
    await editor.edit((builder) => plan.edits.forEach((edit) => builder.replace(toRange(document, edit.range), edit.text)), {
      undoStopBefore: true,
      undoStopAfter: false,
    });
  }
  const at = document.positionAt(lib.shiftOffset(plan.snippet.offset, plan.edits));
  await editor.insertSnippet(new vscode.SnippetString(lib.editorSnippetBody(text, plan.snippet)), at, { undoStopBefore: plan.edits.length === 0, undoStopAfter: true });
}

function settingsFor(uri: vscode.Uri): Settings {
  return readSettings((key) => vscode.workspace.getConfiguration('interleave', uri).get(key));
}

function isSupported(document: vscode.TextDocument): boolean {
  return LANGUAGES.includes(document.languageId);
}

function toInput(document: vscode.TextDocument): DocumentInput {
  return { uri: document.uri.toString(), version: document.version, text: document.getText(), languageId: document.languageId, fileName: document.fileName };
}

function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(
    range,
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = SOURCE;
  diagnostic.code = problem.docsUrl ? { value: problem.rule, target: vscode.Uri.parse(problem.docsUrl) } : problem.rule;
  return diagnostic;
}

function toRef(diagnostic: vscode.Diagnostic): DiagnosticRef {
  const code = diagnostic.code;
  const rule = typeof code === 'object' && code !== null ? String(code.value) : String(code);
  const { start, end } = diagnostic.range;
  return { rule, message: diagnostic.message, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

function toCodeAction(document: vscode.TextDocument, action: CoreAction, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
  const kind = action.kind === 'quickfix' ? vscode.CodeActionKind.QuickFix : vscode.CodeActionKind.RefactorRewrite;
  const codeAction = new vscode.CodeAction(action.title, kind);
  if (action.edits) {
    const edit = new vscode.WorkspaceEdit();
    for (const change of action.edits) edit.replace(document.uri, toRange(document, change.range), change.text);
    codeAction.edit = edit;
  }
  if (action.command) codeAction.command = { command: action.command.id, title: action.command.title, arguments: action.command.args };
  if (diagnostic) codeAction.diagnostics = [diagnostic];
  if (action.preferred) codeAction.isPreferred = true;
  if (action.disabled) codeAction.disabled = { reason: action.disabled };
  return codeAction;
}

function toRange(document: vscode.TextDocument, [start, end]: readonly [number, number]): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

function toTextEdit(document: vscode.TextDocument, edit: { range: readonly [number, number]; text: string }): vscode.TextEdit {
  return vscode.TextEdit.replace(toRange(document, edit.range), edit.text);
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
