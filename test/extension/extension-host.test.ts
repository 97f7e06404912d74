// The built bundle, activated against a stand-in `vscode` module: what it registers, and how
// diagnostics follow opening, editing, syntax errors, closing and the settings.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TITLES } from '../../extension/src/core/code-actions';
import { COMMANDS, TRUSTED_HOVER_COMMANDS } from '../../extension/src/core/commands';
import {
  CodeActionKind,
  CodeActionTriggerKind,
  createFakeVscode,
  FakeDocument,
  loadWithFakeVscode,
  Position,
  Range,
  Uri,
  type CodeAction,
  type FakeVscode,
  type Hover,
} from './fake-vscode';
import { root } from './helpers';

interface ExtensionModule {
  activate(context: unknown): void;
  deactivate(): void;
}

const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const bundle = path.join(root, 'extension/dist/extension.js');
const workspaces = mkdtempSync(path.join(tmpdir(), 'interleave-host-'));

const RACY = `declare function tick(): Promise<void>;

let counter = 0;

export async function increment(): Promise<void> {
  const temp = counter;
  await tick();
  counter = temp + 1;
}
`;

beforeAll(() => {
  execFileSync(process.execPath, [path.join(root, 'extension/build.mjs')], { cwd: root });
});
afterAll(() => rmSync(workspaces, { recursive: true, force: true }));

function start(name: string, files: Record<string, string> = {}, settings: Record<string, unknown> = {}): FakeVscode & { folder: string } {
  const folder = path.join(workspaces, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
  const fake = createFakeVscode(folder, settings);
  const extension = loadWithFakeVscode<ExtensionModule>(bundle, fake.vscode);
  extension.activate({ subscriptions: [], extensionUri: Uri.file(root), extensionPath: root });
  return Object.assign(fake, { folder });
}

describe('the activated extension', () => {
  it('contributes what it registers, and activates on the four languages only', () => {
    const host = start('registrations');
    expect([...host.commands.keys()].sort()).toEqual([COMMANDS.choosePrimitive, COMMANDS.showDocumentation].sort());
    expect(manifest.contributes.commands.map((command: { command: string }) => command.command).sort()).toEqual([...host.commands.keys()].sort());
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual(['interleave.diagnostics', 'interleave.lockLibrary', 'interleave.preset']);
    expect(manifest.activationEvents).toEqual(['onLanguage:typescript', 'onLanguage:typescriptreact', 'onLanguage:javascript', 'onLanguage:javascriptreact']);
    expect(manifest.main).toBe('./extension/dist/extension.js');
    expect([host.providers.hover.length, host.providers.codeActions.length, host.providers.completion.length]).toEqual([1, 1, 1]);
  });

  it('lints a document when it opens, keeps the diagnostics through a syntax error, updates and clears them', async () => {
    const host = start('lifecycle');
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    const opened = host.nextDiagnostics(document.uri);
    host.open(document);
    const first = (await opened)!;
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ source: 'interleave', severity: 0, range: { start: { line: 7, character: 2 } } });
    expect(first[0]!.code).toMatchObject({ value: 'no-read-await-write-race' });
    expect(String((first[0]!.code as { target: Uri }).target)).toMatch(/rules-docs\/no-read-await-write-race\.md$/);

    const broken = host.nextDiagnostics(document.uri);
    host.edit(document, RACY.replace('counter = temp + 1;', 'counter = temp +'));
    expect(await broken).toEqual(first);
    expect(host.log.some((line) => line.includes('kept the last diagnostics'))).toBe(true);

    const fixed = host.nextDiagnostics(document.uri);
    host.edit(document, RACY.replace('counter = temp + 1;', 'console.log(temp);'));
    expect(await fixed).toEqual([]);

    const closed = host.nextDiagnostics(document.uri);
    host.close(document);
    expect(await closed).toBeUndefined();
  });

  it('stays quiet in a workspace whose ESLint config loads the plugin, unless told otherwise', async () => {
    const host = start('eslint-workspace', { 'eslint.config.mjs': "import interleave from 'eslint-plugin-interleave';\nexport default [interleave.configs.recommended];\n" });
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    const quiet = host.nextDiagnostics(document.uri);
    host.open(document);
    expect(await quiet).toBeUndefined();
    const loud = host.nextDiagnostics(document.uri);
    host.changeSettings({ 'interleave.diagnostics': 'on' });
    expect(await loud).toHaveLength(1);
    const off = host.nextDiagnostics(document.uri);
    host.changeSettings({ 'interleave.diagnostics': 'off' });
    expect(await off).toBeUndefined();
  });

  it('ignores other languages', async () => {
    const host = start('languages');
    const json = new FakeDocument(path.join(host.folder, 'data.json'), 'json', '{ "await": 1 }');
    const typescript = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    // Opened after the JSON document, the TypeScript one is linted through the same steps: once its
    // diagnostics arrive, those of the JSON document would have too.
    const linted = host.nextDiagnostics(typescript.uri);
    host.open(json);
    host.open(typescript);
    expect(await linted).toHaveLength(1);
    expect([...host.diagnostics.keys()]).toEqual([typescript.uri.toString()]);
  });

  it('answers hovers with a card whose links may run only our commands', () => {
    const host = start('hover');
    const text = "import { Mutex } from 'async-mutex';\nconst lock = new Mutex();\n";
    const document = new FakeDocument(path.join(host.folder, 'lock.ts'), 'typescript', text);
    const hover = host.providers.hover[0]!.provideHover!(document as never, new Position(1, 18) as never) as Hover;
    expect(hover.contents.value.startsWith('**async-mutex `Mutex`**')).toBe(true);
    expect(hover.contents.isTrusted).toEqual({ enabledCommands: TRUSTED_HOVER_COMMANDS });
    expect(hover.range).toMatchObject({ start: { line: 1, character: 17 }, end: { line: 1, character: 22 } });
    expect(host.providers.hover[0]!.provideHover!(document as never, new Position(1, 2) as never)).toBeNull();
  });

  it('offers code actions by their stable titles, hiding refused ones unless asked for', async () => {
    const host = start('actions');
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    const linted = host.nextDiagnostics(document.uri);
    host.open(document);
    const diagnostics = (await linted)!;
    const provide = (range: Range, triggerKind: CodeActionTriggerKind, only?: CodeActionKind): CodeAction[] =>
      host.providers.codeActions[0]!.provideCodeActions!(document as never, range as never, { diagnostics, triggerKind, only } as never) as CodeAction[];

    const atWrite = provide(new Range(7, 2, 7, 2), CodeActionTriggerKind.Automatic);
    expect(atWrite.map((action) => action.title)).toEqual(expect.arrayContaining([TITLES.disableLine, TITLES.showDocumentation]));
    const docs = atWrite.find((action) => action.title === TITLES.showDocumentation)!;
    expect(docs.command).toMatchObject({ command: COMMANDS.showDocumentation, arguments: ['no-read-await-write-race'] });
    expect(docs.diagnostics).toEqual([diagnostics[0]]);

    const wrap = provide(new Range(5, 0, 8, 0), CodeActionTriggerKind.Invoke).find((action) => action.title === TITLES.wrapInLock)!;
    expect(wrap.kind?.value).toBe('quickfix');
    expect(wrap.isPreferred).toBe(true);
    expect(wrap.edit!.changes.length).toBeGreaterThan(0);

    const refused = new FakeDocument(path.join(host.folder, 'sync.ts'), 'typescript', 'let n = 0;\nexport function bump(): void {\n  n += 1;\n}\n');
    const request = (triggerKind: CodeActionTriggerKind, only?: CodeActionKind): CodeAction[] =>
      host.providers.codeActions[0]!.provideCodeActions!(refused as never, new Range(2, 2, 2, 9) as never, { diagnostics: [], triggerKind, only } as never) as CodeAction[];
    expect(request(CodeActionTriggerKind.Automatic)).toEqual([]);
    expect(request(CodeActionTriggerKind.Invoke, CodeActionKind.Refactor).map((action) => [action.title, action.disabled?.reason])).toEqual([
      [TITLES.wrapInLock, expect.stringMatching(/async function/)],
    ]);
    expect(request(CodeActionTriggerKind.Invoke, CodeActionKind.QuickFix)).toEqual([]);
  });

  it('opens the bundled documentation page in the Markdown preview', async () => {
    const host = start('docs');
    await host.commands.get(COMMANDS.showDocumentation)!('primitives/lock');
    expect(host.log).toContain(`executeCommand markdown.showPreview file://${path.join(root, 'rules-docs/primitives/lock.md')}`);
    await expect(Promise.resolve(host.commands.get(COMMANDS.showDocumentation)!('../package'))).rejects.toThrow(/no documentation page/);
  });

  it('offers the primitive snippets as completions where the typed word starts like "interleave"', () => {
    const host = start('completions');
    const text = 'export async function run(): Promise<void> {\n  inter\n}\n';
    const document = new FakeDocument(path.join(host.folder, 'run.ts'), 'typescript', text);
    const items = host.providers.completion[0]!.provideCompletionItems!(document as never, new Position(1, 7) as never) as Array<{ label: string; additionalTextEdits: unknown[] }>;
    expect(items.map((item) => item.label)).toContain('interleave: lock, one lock for the state');
    expect(items.find((item) => item.label === 'interleave: lock, one lock for the state')!.additionalTextEdits.length).toBeGreaterThan(0);
    const elsewhere = new FakeDocument(path.join(host.folder, 'other.ts'), 'typescript', 'const value = 1;\nval\n');
    expect(host.providers.completion[0]!.provideCompletionItems!(elsewhere as never, new Position(1, 3) as never)).toEqual([]);
  });
});
