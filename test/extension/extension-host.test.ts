// The built bundle, activated against a stand-in `vscode` module, with its real engine workers:
// what it registers, and how diagnostics follow opening, editing, syntax errors, closing, the
// settings, the status bar and a worker that dies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TITLES } from '../../extension/src/core/code-actions';
import { COMMANDS, TRUSTED_HOVER_COMMANDS } from '../../extension/src/core/commands';
import { CHECKED_LANGUAGE_IDS } from '../../extension/src/core/languages';
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
import { LOCK_KINDS } from '../../eslint-plugin/src/analysis/libraries';

interface ExtensionModule {
  activate(context: unknown): void;
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
/** Each test's extension is deactivated after it: its workers stop. */
const running: Array<{ dispose(): unknown }> = [];
afterEach(() => {
  for (const subscription of running.splice(0)) subscription.dispose();
});

function start(name: string, files: Record<string, string> = {}, settings: Record<string, unknown> = {}): FakeVscode & { folder: string } {
  const folder = path.join(workspaces, name);
  mkdirSync(folder, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(folder, file), text);
  const fake = createFakeVscode(folder, settings);
  const extension = loadWithFakeVscode<ExtensionModule>(bundle, fake.vscode);
  const subscriptions: Array<{ dispose(): unknown }> = [];
  extension.activate({ subscriptions, extensionUri: Uri.file(root), extensionPath: root });
  running.push(...subscriptions);
  return Object.assign(fake, { folder });
}

/** The pid the output channel gives for a worker ("started the lint worker (pid 123)"). */
function workerPid(host: FakeVscode, role: string): number {
  const line = host.log.findLast((entry) => entry.includes(`started the ${role} worker`));
  return Number(/\(pid (\d+)\)/.exec(line ?? '')?.[1]);
}

describe('the activated extension', () => {
  it('contributes what it registers, and activates on the checked languages only', () => {
    const host = start('registrations');
    expect([...host.commands.keys()].sort()).toEqual(Object.values(COMMANDS).sort());
    expect(manifest.contributes.commands.map((command: { command: string }) => command.command).sort()).toEqual([...host.commands.keys()].sort());
    expect(Object.keys(manifest.contributes.configuration.properties).sort()).toEqual([
      'interleave.diagnostics',
      'interleave.lockFactories',
      'interleave.lockLibrary',
      'interleave.preset',
      'interleave.wrappers',
    ]);
    expect(manifest.contributes.configuration.properties['interleave.lockFactories'].items.properties.kind.enum).toEqual(LOCK_KINDS);
    expect(manifest.activationEvents).toEqual(CHECKED_LANGUAGE_IDS.map((language) => `onLanguage:${language}`));
    expect(CHECKED_LANGUAGE_IDS).toEqual(['typescript', 'typescriptreact', 'javascript', 'javascriptreact', 'python']);
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

  it('stays quiet where the ESLint config loads the plugin and vscode-eslint is active, unless told otherwise', async () => {
    const host = start('eslint-workspace', { 'eslint.config.mjs': "import interleave from 'eslint-plugin-interleave';\nexport default [interleave.configs.recommended];\n" });
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    // Without vscode-eslint nobody else would show them.
    const shown = host.nextDiagnostics(document.uri);
    host.open(document);
    expect(await shown).toHaveLength(1);
    const quiet = host.nextDiagnostics(document.uri);
    host.setExtension('dbaeumer.vscode-eslint', true);
    expect(await quiet).toBeUndefined();
    host.focus(document);
    expect(host.status).toMatchObject({ visible: true, text: '$(circle-slash) Interleave: off', tooltip: expect.stringMatching(/vscode-eslint shows its problems/) });
    const disabled = host.nextDiagnostics(document.uri);
    host.changeSettings({ 'eslint.enable': false });
    expect(await disabled).toHaveLength(1);
    const again = host.nextDiagnostics(document.uri);
    host.changeSettings({ 'eslint.enable': true });
    expect(await again).toBeUndefined();
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

  it('answers hovers with a card whose links may run only our commands', async () => {
    const host = start('hover');
    const text = "import { Mutex } from 'async-mutex';\nconst lock = new Mutex();\n";
    const document = new FakeDocument(path.join(host.folder, 'lock.ts'), 'typescript', text);
    const hover = (await host.providers.hover[0]!.provideHover!(document as never, new Position(1, 18) as never)) as Hover;
    expect(hover.contents.value.startsWith('**async-mutex `Mutex`**')).toBe(true);
    expect(hover.contents.isTrusted).toEqual({ enabledCommands: TRUSTED_HOVER_COMMANDS });
    expect(hover.range).toMatchObject({ start: { line: 1, character: 17 }, end: { line: 1, character: 22 } });
    expect(await host.providers.hover[0]!.provideHover!(document as never, new Position(1, 2) as never)).toBeNull();
  });

  it('offers code actions by their stable titles, hiding refused ones unless asked for', async () => {
    const host = start('actions');
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    const linted = host.nextDiagnostics(document.uri);
    host.open(document);
    const diagnostics = (await linted)!;
    const provide = (range: Range, triggerKind: CodeActionTriggerKind, only?: CodeActionKind): Promise<CodeAction[]> =>
      host.providers.codeActions[0]!.provideCodeActions!(document as never, range as never, { diagnostics, triggerKind, only } as never) as Promise<CodeAction[]>;

    const atWrite = await provide(new Range(7, 2, 7, 2), CodeActionTriggerKind.Automatic);
    expect(atWrite.map((action) => action.title)).toEqual(expect.arrayContaining([TITLES.disableLine, TITLES.showDocumentation]));
    const docs = atWrite.find((action) => action.title === TITLES.showDocumentation)!;
    expect(docs.command).toMatchObject({ command: COMMANDS.showDocumentation, arguments: ['no-read-await-write-race'] });
    expect(docs.diagnostics).toEqual([diagnostics[0]]);

    const wrap = (await provide(new Range(5, 0, 8, 0), CodeActionTriggerKind.Invoke)).find((action) => action.title === TITLES.wrapInLock)!;
    expect(wrap.kind?.value).toBe('quickfix');
    expect(wrap.isPreferred).toBe(true);
    expect(wrap.edit!.changes.length).toBeGreaterThan(0);

    const refused = new FakeDocument(path.join(host.folder, 'sync.ts'), 'typescript', 'let n = 0;\nexport function bump(): void {\n  n += 1;\n}\n');
    const request = (triggerKind: CodeActionTriggerKind, only?: CodeActionKind): Promise<CodeAction[]> =>
      host.providers.codeActions[0]!.provideCodeActions!(refused as never, new Range(2, 2, 2, 9) as never, { diagnostics: [], triggerKind, only } as never) as Promise<CodeAction[]>;
    expect(await request(CodeActionTriggerKind.Automatic)).toEqual([]);
    expect((await request(CodeActionTriggerKind.Invoke, CodeActionKind.Refactor)).map((action) => [action.title, action.disabled?.reason])).toEqual([
      [TITLES.wrapInLock, expect.stringMatching(/async function/)],
    ]);
    expect(await request(CodeActionTriggerKind.Invoke, CodeActionKind.QuickFix)).toEqual([]);
  });

  it('opens the bundled documentation page in the Markdown preview', async () => {
    const host = start('docs');
    await host.commands.get(COMMANDS.showDocumentation)!('primitives/lock');
    expect(host.log).toContain(`executeCommand markdown.showPreview file://${path.join(root, 'rules-docs/primitives/lock.md')}`);
    await expect(Promise.resolve(host.commands.get(COMMANDS.showDocumentation)!('../package'))).rejects.toThrow(/no documentation page/);
  });

  it('offers the primitive snippets as completions where the typed word starts like "interleave"', async () => {
    const host = start('completions');
    const text = 'export async function run(): Promise<void> {\n  inter\n}\n';
    const document = new FakeDocument(path.join(host.folder, 'run.ts'), 'typescript', text);
    const items = (await host.providers.completion[0]!.provideCompletionItems!(document as never, new Position(1, 7) as never)) as Array<{
      label: string;
      additionalTextEdits: unknown[];
    }>;
    expect(items.map((item) => item.label)).toContain('interleave: lock, one lock for the state');
    expect(items.find((item) => item.label === 'interleave: lock, one lock for the state')!.additionalTextEdits.length).toBeGreaterThan(0);
    const elsewhere = new FakeDocument(path.join(host.folder, 'other.ts'), 'typescript', 'const value = 1;\nval\n');
    expect(await host.providers.completion[0]!.provideCompletionItems!(elsewhere as never, new Position(1, 3) as never)).toEqual([]);
  });

  it('shows what it does in the status bar, and the output from there', async () => {
    const host = start('status');
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    host.focus(document);
    const linted = host.nextDiagnostics(document.uri);
    host.open(document);
    await linted;
    expect(host.status).toMatchObject({
      visible: true,
      text: '$(warning) Interleave: 1',
      tooltip: expect.stringMatching(/^Interleave: idle\. 1 concurrency problem in this file\./),
      command: COMMANDS.showOutput,
    });
    const fixed = host.nextDiagnostics(document.uri);
    host.edit(document, RACY.replace('counter = temp + 1;', 'console.log(temp);'));
    expect(host.status.text).toBe('$(sync~spin) Interleave: 1');
    await fixed;
    expect(host.status.text).toBe('$(check) Interleave: 0');
    await host.commands.get(COMMANDS.showOutput)!();
    expect(host.log).toContain('output shown');
    host.focus(new FakeDocument(path.join(host.folder, 'notes.md'), 'markdown', '# notes'));
    expect(host.status.visible).toBe(false);
  });

  it('shows only the diagnostics of the version on screen while edits come faster than lints', async () => {
    const host = start('stale');
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    const opened = host.nextDiagnostics(document.uri);
    host.open(document);
    await opened;
    // Each racy function is one diagnostic: the text on screen says how many its diagnostics are.
    const racyFunctions = (text: string): number => text.match(/^  const \w+ = count\w*;$|^  const temp = counter;$/gm)?.length ?? 0;
    const published: Array<{ shown: number; onScreen: number }> = [];
    host.onPublish((uri, list) => {
      if (uri === document.uri.toString()) published.push({ shown: list.length, onScreen: racyFunctions(document.getText()) });
    });
    // Each edit adds one racy function; the editor's version moves on before the lints finish.
    let text = RACY;
    for (let index = 0; index < 12; index += 1) {
      text += `\nlet count${index} = 0;\nexport async function bump${index}(): Promise<void> {\n  const n = count${index};\n  await tick();\n  count${index} = n + 1;\n}\n`;
      host.edit(document, text);
      await new Promise((resolve) => setTimeout(resolve, 15 + (index % 3) * 60));
    }
    await expect.poll(() => host.diagnostics.get(document.uri.toString())?.length, { timeout: 20_000 }).toBe(13);
    // Whatever was shown was of the version then on screen, and the last one shown is the last version's.
    expect(published.length).toBeGreaterThan(0);
    expect(published.filter((entry) => entry.shown !== entry.onScreen)).toEqual([]);
    expect(published.at(-1)).toEqual({ shown: 13, onScreen: 13 });
  });

  it('restarts a worker that was killed, says so in the output, and brings the diagnostics back', async () => {
    const host = start('crash');
    const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', RACY);
    const first = host.nextDiagnostics(document.uri);
    host.open(document);
    expect(await first).toHaveLength(1);
    const pid = workerPid(host, 'lint');
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    await expect.poll(() => host.log.some((line) => line.includes(`the lint worker (pid ${pid}) exited (signal SIGKILL); restarting it.`)), { timeout: 10_000 }).toBe(true);
    // A fresh worker lints the open document again; edits keep being linted.
    await expect.poll(() => workerPid(host, 'lint'), { timeout: 20_000 }).not.toBe(pid);
    const edited = host.nextDiagnostics(document.uri);
    host.edit(document, RACY.replace('counter = temp + 1;', 'console.log(temp);'));
    expect(await edited).toEqual([]);
  });

  it('takes lock declarations from the VS Code settings and from a literal settings.interleave in eslint.config.*', async () => {
    const wrapped = `declare function withLock<T>(run: () => Promise<T>): Promise<T>;
declare function tick(): Promise<void>;

let counter = 0;

export async function increment(): Promise<void> {
  await withLock(async () => {
    const temp = counter;
    await tick();
    counter = temp + 1;
  });
}
`;
    /** The diagnostics of `wrapped` opened in a new workspace with these files and settings, and the output. */
    const lintIn = async (name: string, files: Record<string, string>, settings: Record<string, unknown> = {}): Promise<[number | undefined, string[]]> => {
      const host = start(name, files, settings);
      const document = new FakeDocument(path.join(host.folder, 'counter.ts'), 'typescript', wrapped);
      const linted = host.nextDiagnostics(document.uri);
      host.open(document);
      return [(await linted)?.length, host.log];
    };
    expect((await lintIn('declared-nowhere', {}))[0]).toBe(1);
    expect((await lintIn('declared-in-settings', {}, { 'interleave.wrappers': ['withLock'] }))[0]).toBe(0);
    const config = "export default [{ files: ['**/*.ts'], settings: { interleave: { wrappers: ['withLock'] } } }];\n";
    expect((await lintIn('declared-in-config', { 'eslint.config.mjs': config }))[0]).toBe(0);
    const computed = "const wrappers = ['withLock'];\nexport default [{ settings: { interleave: { wrappers } } }];\n";
    const [count, log] = await lintIn('declared-by-code', { 'eslint.config.mjs': computed });
    expect(count).toBe(1);
    expect(log).toContain(
      'Interleave settings: eslint.config.mjs: `settings.interleave` (line 2) is computed by code, which the editor does not run; write it as a literal, or use the VS Code settings `interleave.wrappers` / `interleave.lockFactories`.',
    );
  });
});
