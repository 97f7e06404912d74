// Hovers, code actions, completions and the primitive chooser: each asks the query worker and turns
// its plain answer into VS Code objects.
import * as vscode from 'vscode';
import type { Problem } from './core/analyzer';
import type { CoreAction } from './core/code-actions';
import { TRUSTED_HOVER_COMMANDS } from './core/commands';
import type { Choice } from './core/primitives';
import type { EngineSettings } from './core/protocol';
import { sameReport } from './core/rule-actions';
import type { WorkerClient } from './core/worker-client';
import { showDocumentation } from './documentation';
import { DIAGNOSTIC_SOURCE, toCodeAction, toInput, toRange, toRef } from './vscode-objects';

export interface QueryContext {
  extension: vscode.ExtensionContext;
  worker: WorkerClient;
  engineSettings(document: vscode.TextDocument): Promise<EngineSettings>;
  /** The problems of the document's current version, if its lint has finished (their suggestions fit that text only). */
  currentProblems(document: vscode.TextDocument): Problem[];
  isChecked(document: vscode.TextDocument): boolean;
  /** Logs an error, unless it only says that the worker is restarting. */
  ignoreUnavailable(error: unknown): void;
}

export function queryProviders(query: QueryContext) {
  const { worker: queryWorker, engineSettings, ignoreUnavailable, isChecked } = query;

  async function provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | null> {
    const found = await queryWorker
      .request('hover', { document: toInput(document), offset: document.offsetAt(position), settings: await engineSettings(document) })
      .catch((error: unknown) => (ignoreUnavailable(error), null));
    if (!found) return null;
    const markdown = new vscode.MarkdownString(found.markdown);
    markdown.isTrusted = { enabledCommands: TRUSTED_HOVER_COMMANDS };
    return new vscode.Hover(markdown, new vscode.Range(document.positionAt(found.range[0]), document.positionAt(found.range[1])));
  }

  async function provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE);
    const refs = ours.map(toRef);
    const actions = await queryWorker
      .request('codeActions', {
        document: toInput(document),
        settings: await engineSettings(document),
        problems: query.currentProblems(document),
        diagnostics: refs,
        selection: [document.offsetAt(range.start), document.offsetAt(range.end)],
      })
      .catch((error: unknown) => (ignoreUnavailable(error), [] as CoreAction[]));
    const invoked = context.triggerKind === vscode.CodeActionTriggerKind.Invoke;
    return actions
      .filter((action) => !action.disabled || invoked)
      .map((action) => toCodeAction(document, action, ours[action.diagnostic ? refs.findIndex((ref) => sameReport(ref, action.diagnostic!)) : -1]))
      .filter((action) => !context.only || (action.kind !== undefined && context.only.contains(action.kind)));
  }

  async function provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const word = document.getWordRangeAtPosition(position);
    if (!word || !word.end.isEqual(position)) return [];
    const completions = await queryWorker
      .request('completions', { document: toInput(document), word: [document.offsetAt(word.start), document.offsetAt(word.end)], settings: await engineSettings(document) })
      .catch((error: unknown) => (ignoreUnavailable(error), []));
    return completions.map((completion) => {
      const item = new vscode.CompletionItem(completion.label, vscode.CompletionItemKind.Snippet);
      item.filterText = completion.filterText;
      item.detail = completion.detail;
      item.insertText = new vscode.SnippetString(completion.snippet);
      item.range = word;
      item.keepWhitespace = true;
      item.additionalTextEdits = completion.edits.map((edit) => vscode.TextEdit.replace(toRange(document, edit.range), edit.text));
      return item;
    });
  }

  async function choosePrimitive(): Promise<void> {
    const { question, choices } = await queryWorker.request('chooser', {});
    type Item = vscode.QuickPickItem & { choice: Choice };
    const toItems = (list: readonly Choice[]): Item[] => list.map((choice) => ({ label: choice.label, detail: choice.detail, choice }));
    let picked = await vscode.window.showQuickPick(toItems(choices), { placeHolder: question, matchOnDetail: true });
    while (picked && typeof picked.choice.next !== 'string') {
      picked = await vscode.window.showQuickPick(toItems(picked.choice.next), { placeHolder: picked.label, matchOnDetail: true });
    }
    if (!picked || typeof picked.choice.next !== 'string') return;
    const editor = vscode.window.activeTextEditor;
    if (!editor || !isChecked(editor.document)) {
      await showDocumentation(query.extension, `primitives/${picked.choice.card}`);
      return;
    }
    const document = editor.document;
    const insertion = await queryWorker.request('insertPrimitive', {
      document: toInput(document),
      id: picked.choice.next,
      offset: document.offsetAt(editor.selection.active),
      settings: await engineSettings(document),
    });
    if (!insertion) {
      void vscode.window.showWarningMessage('Interleave: the document has a syntax error; fix it, then choose a primitive again.');
      return;
    }
    if (insertion.edits.length > 0) {
      await editor.edit((builder) => insertion.edits.forEach((edit) => builder.replace(toRange(document, edit.range), edit.text)), {
        undoStopBefore: true,
        undoStopAfter: false,
      });
    }
    const at = document.positionAt(insertion.snippetOffset);
    await editor.insertSnippet(new vscode.SnippetString(insertion.snippet), at, { undoStopBefore: insertion.edits.length === 0, undoStopAfter: true });
  }

  return { provideHover, provideCodeActions, provideCompletionItems, choosePrimitive };
}
