// A small stand-in for the `vscode` module: enough of the API for the extension bundle to
// activate, react to documents and answer provider calls in plain Node (the wiring smoke test
// and the benchmark). Files live on the real disk; the real editor test is separate.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

type Listener<T> = (event: T) => unknown;

export class EventEmitter<T> {
  private listeners: Array<Listener<T>> = [];
  readonly event = (listener: Listener<T>): { dispose(): void } => {
    this.listeners.push(listener);
    return { dispose: () => (this.listeners = this.listeners.filter((known) => known !== listener)) };
  };
  fire(event: T): void {
    for (const listener of this.listeners) listener(event);
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static file(fsPath: string): Uri {
    return new Uri('file', fsPath);
  }
  static parse(value: string): Uri {
    const match = /^([a-z][\w+.-]*):(?:\/\/[^/]*)?(.*)$/i.exec(value);
    return new Uri(match?.[1] ?? 'file', match?.[2] ?? value);
  }
  static joinPath(base: Uri, ...segments: string[]): Uri {
    return new Uri(base.scheme, path.posix.join(base.path, ...segments));
  }
  get fsPath(): string {
    return this.path;
  }
  with(change: { path?: string }): Uri {
    return new Uri(this.scheme, change.path ?? this.path);
  }
  toString(): string {
    return `${this.scheme}://${this.path}`;
  }
}

export class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  isEqual(other: Position): boolean {
    return this.line === other.line && this.character === other.character;
  }
}

export class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c!, d!) : (b as Position);
  }
}

export class Selection extends Range {
  get active(): Position {
    return this.end;
  }
}

export enum DiagnosticSeverity {
  Error = 0,
  Warning = 1,
  Information = 2,
  Hint = 3,
}

export class Diagnostic {
  source?: string;
  code?: string | number | { value: string | number; target: Uri };
  constructor(
    readonly range: Range,
    readonly message: string,
    readonly severity: DiagnosticSeverity,
  ) {}
}

export class CodeActionKind {
  static readonly QuickFix = new CodeActionKind('quickfix');
  static readonly Refactor = new CodeActionKind('refactor');
  static readonly RefactorRewrite = new CodeActionKind('refactor.rewrite');
  constructor(readonly value: string) {}
  contains(other: CodeActionKind): boolean {
    return other.value === this.value || other.value.startsWith(`${this.value}.`);
  }
}

export enum CodeActionTriggerKind {
  Invoke = 1,
  Automatic = 2,
}

export class TextEdit {
  constructor(
    readonly range: Range,
    readonly newText: string,
  ) {}
  static replace(range: Range, newText: string): TextEdit {
    return new TextEdit(range, newText);
  }
}

export class WorkspaceEdit {
  readonly changes: Array<{ uri: Uri; edit: TextEdit }> = [];
  replace(uri: Uri, range: Range, newText: string): void {
    this.changes.push({ uri, edit: new TextEdit(range, newText) });
  }
}

export class CodeAction {
  edit?: WorkspaceEdit;
  command?: { command: string; title: string; arguments?: unknown[] };
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  disabled?: { reason: string };
  constructor(
    readonly title: string,
    readonly kind?: CodeActionKind,
  ) {}
}

export class MarkdownString {
  isTrusted?: boolean | { enabledCommands: readonly string[] };
  constructor(readonly value: string) {}
}

export class Hover {
  constructor(
    readonly contents: MarkdownString,
    readonly range?: Range,
  ) {}
}

export class SnippetString {
  constructor(readonly value: string) {}
}

export enum CompletionItemKind {
  Snippet = 27,
}

export class CompletionItem {
  filterText?: string;
  detail?: string;
  insertText?: SnippetString;
  range?: Range;
  keepWhitespace?: boolean;
  additionalTextEdits?: TextEdit[];
  constructor(
    readonly label: string,
    readonly kind?: CompletionItemKind,
  ) {}
}

export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}

export enum FileType {
  File = 1,
  Directory = 2,
}

export class FakeDocument {
  isClosed = false;
  readonly uri: Uri;
  constructor(
    readonly fileName: string,
    readonly languageId: string,
    private text: string,
    public version = 1,
  ) {
    this.uri = Uri.file(fileName);
  }
  getText(): string {
    return this.text;
  }
  setText(text: string): void {
    this.text = text;
    this.version += 1;
  }
  offsetAt(position: Position): number {
    const lines = this.text.split('\n');
    let offset = 0;
    for (let line = 0; line < position.line && line < lines.length; line += 1) offset += lines[line]!.length + 1;
    return Math.min(offset + position.character, this.text.length);
  }
  positionAt(offset: number): Position {
    const before = this.text.slice(0, offset).split('\n');
    return new Position(before.length - 1, before.at(-1)!.length);
  }
  getWordRangeAtPosition(position: Position): Range | undefined {
    const line = this.text.split('\n')[position.line] ?? '';
    let start = position.character;
    let end = position.character;
    while (start > 0 && /[\w$]/.test(line[start - 1]!)) start -= 1;
    while (end < line.length && /[\w$]/.test(line[end]!)) end += 1;
    return start === end ? undefined : new Range(position.line, start, position.line, end);
  }
}

type Provider = Record<string, (...args: never[]) => unknown>;

/** One fake editor session: the `vscode` module object and handles on what the extension registered. */
export function createFakeVscode(workspaceRoot: string, settings: Record<string, unknown> = {}) {
  const opened = new EventEmitter<FakeDocument>();
  const changed = new EventEmitter<{ document: FakeDocument; contentChanges: unknown[] }>();
  const closed = new EventEmitter<FakeDocument>();
  const configuration = new EventEmitter<{ affectsConfiguration(section: string): boolean }>();
  const extensionsChanged = new EventEmitter<void>();
  const activeEditorChanged = new EventEmitter<unknown>();
  const installed = new Set<string>();
  const status = { text: '', tooltip: '' as unknown, command: undefined as unknown, name: '', visible: false };
  const diagnostics = new Map<string, Diagnostic[]>();
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const providers: { hover: Provider[]; codeActions: Provider[]; completion: Provider[] } = { hover: [], codeActions: [], completion: [] };
  const documents: FakeDocument[] = [];
  const log: string[] = [];
  const folder = { uri: Uri.file(workspaceRoot), name: 'workspace', index: 0 };
  const disposable = { dispose: () => undefined };
  let onDiagnostics: (uri: string) => void = () => undefined;
  const publishListeners: Array<(uri: string, list: Diagnostic[]) => void> = [];

  const vscode = {
    Uri,
    Position,
    Range,
    Selection,
    Diagnostic,
    DiagnosticSeverity,
    CodeAction,
    CodeActionKind,
    CodeActionTriggerKind,
    TextEdit,
    WorkspaceEdit,
    MarkdownString,
    Hover,
    SnippetString,
    CompletionItem,
    CompletionItemKind,
    FileType,
    StatusBarAlignment,
    extensions: {
      getExtension: (id: string) => (installed.has(id) ? { id } : undefined),
      onDidChange: extensionsChanged.event,
    },
    languages: {
      createDiagnosticCollection: () => ({
        set: (uri: Uri, list: Diagnostic[]) => {
          diagnostics.set(uri.toString(), list);
          for (const listener of publishListeners) listener(uri.toString(), list);
          onDiagnostics(uri.toString());
        },
        delete: (uri: Uri) => {
          diagnostics.delete(uri.toString());
          onDiagnostics(uri.toString());
        },
        get: (uri: Uri) => diagnostics.get(uri.toString()),
        dispose: () => diagnostics.clear(),
      }),
      registerHoverProvider: (_selector: unknown, provider: Provider) => (providers.hover.push(provider), disposable),
      registerCodeActionsProvider: (_selector: unknown, provider: Provider) => (providers.codeActions.push(provider), disposable),
      registerCompletionItemProvider: (_selector: unknown, provider: Provider) => (providers.completion.push(provider), disposable),
    },
    workspace: {
      textDocuments: documents,
      workspaceFolders: [folder],
      onDidOpenTextDocument: opened.event,
      onDidChangeTextDocument: changed.event,
      onDidCloseTextDocument: closed.event,
      onDidChangeConfiguration: configuration.event,
      getWorkspaceFolder: (uri: Uri) => (uri.path.startsWith(`${workspaceRoot}/`) ? folder : undefined),
      getConfiguration: (section: string) => ({ get: (key: string) => settings[`${section}.${key}`] }),
      createFileSystemWatcher: () => ({ onDidChange: () => disposable, onDidCreate: () => disposable, onDidDelete: () => disposable, dispose: () => undefined }),
      fs: {
        readFile: async (uri: Uri) => new Uint8Array(readFileSync(uri.fsPath)),
        stat: async (uri: Uri) => statSync(uri.fsPath),
        readDirectory: async (uri: Uri) =>
          readdirSync(uri.fsPath, { withFileTypes: true }).map((entry) => [entry.name, entry.isFile() ? FileType.File : FileType.Directory]),
      },
    },
    window: {
      activeTextEditor: undefined as { document: FakeDocument } | undefined,
      onDidChangeActiveTextEditor: activeEditorChanged.event,
      createOutputChannel: () => ({ appendLine: (line: string) => log.push(line), show: () => log.push('output shown'), dispose: () => undefined }),
      createStatusBarItem: () =>
        Object.assign(status, {
          show: () => void (status.visible = true),
          hide: () => void (status.visible = false),
          dispose: () => undefined,
        }),
      showWarningMessage: async (message: string) => void log.push(message),
      showQuickPick: async () => undefined,
    },
    commands: {
      registerCommand: (id: string, run: (...args: unknown[]) => unknown) => (commands.set(id, run), disposable),
      executeCommand: async (id: string, ...args: unknown[]) => {
        log.push(`executeCommand ${id} ${args.map(String).join(' ')}`);
        return commands.get(id)?.(...args);
      },
    },
  };

  return {
    vscode,
    diagnostics,
    commands,
    providers,
    log,
    status,
    /** Calls `listener` every time the extension sets diagnostics. */
    onPublish(listener: (uri: string, list: Diagnostic[]) => void): void {
      publishListeners.push(listener);
    },
    /** Resolves when the extension next sets or clears diagnostics for `uri`. */
    nextDiagnostics(uri: Uri): Promise<Diagnostic[] | undefined> {
      return new Promise((resolve) => {
        onDiagnostics = (changedUri) => {
          if (changedUri !== uri.toString()) return;
          onDiagnostics = () => undefined;
          resolve(diagnostics.get(changedUri));
        };
      });
    },
    open(document: FakeDocument): void {
      documents.push(document);
      opened.fire(document);
    },
    edit(document: FakeDocument, text: string): void {
      document.setText(text);
      changed.fire({ document, contentChanges: [{ text }] });
    },
    close(document: FakeDocument): void {
      document.isClosed = true;
      documents.splice(documents.indexOf(document), 1);
      closed.fire(document);
    },
    /** Makes `document` the active editor's. */
    focus(document: FakeDocument): void {
      vscode.window.activeTextEditor = { document };
      activeEditorChanged.fire(vscode.window.activeTextEditor);
    },
    /** Installs (or removes) an extension, as far as `vscode.extensions` tells. */
    setExtension(id: string, present: boolean): void {
      if (present) installed.add(id);
      else installed.delete(id);
      extensionsChanged.fire();
    },
    changeSettings(change: Record<string, unknown>): void {
      Object.assign(settings, change);
      configuration.fire({ affectsConfiguration: (section: string) => Object.keys(change).some((key) => key === section || key.startsWith(`${section}.`)) });
    },
  };
}

export type FakeVscode = ReturnType<typeof createFakeVscode>;

/** Loads a bundle whose `require('vscode')` yields `fake`; each call loads it afresh. */
export function loadWithFakeVscode<T>(bundle: string, fake: object): T {
  const moduleApi = Module as unknown as {
    _load(request: string, parent: unknown, isMain: boolean): unknown;
    _cache: Record<string, unknown>;
  };
  const original = moduleApi._load;
  moduleApi._load = function load(this: unknown, request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? fake : original.call(this, request, parent, isMain);
  };
  try {
    for (const key of Object.keys(moduleApi._cache)) if (key.startsWith(path.dirname(bundle))) delete moduleApi._cache[key];
    return Module.createRequire(bundle)(bundle) as T;
  } finally {
    moduleApi._load = original;
  }
}
