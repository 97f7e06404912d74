// The "show documentation" command: a rule or primitive page of the bundled rules-docs, in the
// Markdown preview.
import * as vscode from 'vscode';

const DOC_NAME = /^(?:primitives\/|python\/)?[a-z0-9-]+$/;

export async function showDocumentation(context: vscode.ExtensionContext, name: unknown): Promise<void> {
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
  for (const folder of ['', 'primitives/', 'python/']) {
    const entries = await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(context.extensionUri, 'rules-docs', folder));
    for (const [file, type] of entries) if (type === vscode.FileType.File && file.endsWith('.md')) pages.push(`${folder}${file.slice(0, -3)}`);
  }
  return vscode.window.showQuickPick(pages.sort(), { placeHolder: 'Interleave documentation page' });
}
