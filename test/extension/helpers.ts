// Shared by the extension's unit tests: parse text as the extension does, find marked offsets,
// apply edits, type-check results with the TypeScript compiler.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import type { TSESLint } from '@typescript-eslint/utils';
import { applyEdits, type TextEdit } from '../../eslint-plugin/src/fixes/edits';
import { Analyzer, type DocumentInput } from '../../extension/src/core/analyzer';

export const analyzer = new Analyzer();
export const root = path.resolve(__dirname, '../..');

let version = 0;

const EXTENSIONS: Record<string, string> = { typescript: 'ts', typescriptreact: 'tsx', javascript: 'js', javascriptreact: 'jsx' };

export function documentOf(text: string, languageId = 'typescript', fileName = `test.${EXTENSIONS[languageId]}`): DocumentInput {
  version += 1;
  return { uri: `file:///work/${fileName}`, version, text, languageId, fileName };
}

/** Parses like the extension (no rules); throws on a syntax error. */
export function parse(text: string, languageId = 'typescript', fileName?: string): Readonly<TSESLint.SourceCode> {
  const analysis = analyzer.analyze(documentOf(text, languageId, fileName), { preset: 'recommended', rules: false });
  if (!analysis.ok) throw new Error(`does not parse: ${analysis.error.message} (${analysis.error.line}:${analysis.error.column})\n${text}`);
  return analysis.sourceCode;
}

export function parses(text: string, languageId = 'typescript'): boolean {
  return analyzer.analyze(documentOf(text, languageId), { preset: 'recommended', rules: false }).ok;
}

/**
 * Text with markers: `‸` marks a cursor, `«…»` a selection. Returns the clean text and the
 * offsets (a cursor is a selection of length 0).
 */
export function marked(source: string): { text: string; selection: [number, number] } {
  const cursor = source.indexOf('‸');
  if (cursor !== -1) return { text: source.replace('‸', ''), selection: [cursor, cursor] };
  const start = source.indexOf('«');
  const end = source.indexOf('»') - 1;
  if (start === -1 || end < start) throw new Error('no marker in test text');
  return { text: source.replace('«', '').replace('»', ''), selection: [start, end] };
}

export function apply(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(text, edits);
}

/** Where the lock packages the tests compile and run against are installed. */
export function packageDirectory(name: string): string {
  const require = createRequire(path.join(root, 'package.json'));
  try {
    // The folder npm installed it in: some packages (await-lock) do not export their package.json.
    const installed = path.join(root, 'node_modules', name, 'package.json');
    return path.dirname(existsSync(installed) ? installed : require.resolve(`${name}/package.json`));
  } catch {
    throw new Error(
      `The extension tests need the \`${name}\` package (the lock library the fixes insert) installed as a devDependency of the repository.`,
    );
  }
}

const libraryFiles = new Map<string, ts.SourceFile>();

/** The lock libraries the fixtures and fixes import, with their types, installed as devDependencies. */
const LOCK_PACKAGES = ['async-mutex', 'tslib', 'await-lock', 'async-lock', '@types/async-lock', 'async-sema'];

/**
 * TypeScript errors in `files` (name → text), compiled together with the strict options a
 * user's project would have. `dom` adds the browser library (Web Locks).
 */
export function typeErrors(files: Record<string, string>, options: { dom?: boolean } = {}): string[] {
  const compilerOptions: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    allowJs: true,
    checkJs: false,
    jsx: ts.JsxEmit.Preserve,
    // ES2024 for `Promise.withResolvers` (Node 22 and later, as the fixtures assume).
    lib: options.dom ? ['lib.es2024.d.ts', 'lib.dom.d.ts'] : ['lib.es2024.d.ts'],
    types: ['node'],
  };
  const base = path.join(root, '.cache', 'typecheck');
  const virtual = new Map(Object.entries(files).map(([name, text]) => [path.join(base, name), text]));
  const packages = new Map(LOCK_PACKAGES.map((name) => [path.join(base, 'node_modules', name), packageDirectory(name)]));
  const redirect = (fileName: string): string => {
    for (const [from, to] of packages) if (fileName.startsWith(`${from}/`) || fileName === from) return to + fileName.slice(from.length);
    return fileName;
  };
  const host = ts.createCompilerHost(compilerOptions);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtual.get(fileName) ?? readFile(redirect(fileName));
  host.fileExists = (fileName) => virtual.has(fileName) || ts.sys.fileExists(redirect(fileName));
  host.directoryExists = (name) =>
    [...virtual.keys(), ...packages.keys()].some((file) => file.startsWith(`${name}/`)) || ts.sys.directoryExists(redirect(name));
  host.realpath = (name) => name;
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion) => {
    const text = virtual.get(fileName);
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion, true);
    // Library and package declarations are parsed once for all checks.
    const key = `${fileName}:${options.dom ?? false}`;
    let file = libraryFiles.get(key);
    if (!file) {
      file = getSourceFile(redirect(fileName), languageVersion);
      if (file) libraryFiles.set(key, file);
    }
    return file;
  };
  const program = ts.createProgram([...virtual.keys()], compilerOptions, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((diagnostic) => {
      const where = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start) : null;
      const name = diagnostic.file ? path.relative(base, diagnostic.file.fileName) : '';
      return `${name}:${where ? where.line + 1 : 0}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
}
