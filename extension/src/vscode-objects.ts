// Conversions between the engine's plain data (offsets, problems, actions) and VS Code objects.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DocumentInput, Problem } from './core/analyzer';
import type { CoreAction, DiagnosticRef } from './core/code-actions';

export const DIAGNOSTIC_SOURCE = 'interleave';

export function toInput(document: vscode.TextDocument): DocumentInput {
  // Relative to its workspace folder, so that a folder named `test` above the project does not count.
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  const projectPath = folder ? path.posix.relative(folder.uri.path, document.uri.path) : undefined;
  return { uri: document.uri.toString(), version: document.version, text: document.getText(), languageId: document.languageId, fileName: document.fileName, projectPath };
}

export function toDiagnostic(problem: Problem): vscode.Diagnostic {
  const range = new vscode.Range(problem.line - 1, problem.column - 1, problem.endLine - 1, problem.endColumn - 1);
  const diagnostic = new vscode.Diagnostic(
    range,
    problem.message,
    problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = problem.docsUrl ? { value: problem.rule, target: vscode.Uri.parse(problem.docsUrl) } : problem.rule;
  return diagnostic;
}

export function toRef(diagnostic: vscode.Diagnostic): DiagnosticRef {
  const code = diagnostic.code;
  const rule = typeof code === 'object' && code !== null ? String(code.value) : String(code);
  const { start, end } = diagnostic.range;
  return { rule, message: diagnostic.message, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}

export function toCodeAction(document: vscode.TextDocument, action: CoreAction, diagnostic: vscode.Diagnostic | undefined): vscode.CodeAction {
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

export function toRange(document: vscode.TextDocument, [start, end]: readonly [number, number]): vscode.Range {
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}
