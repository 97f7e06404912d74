import { pythonHoverAt, type PythonHoverTarget } from './hover';
import { lintLoaded, prepare, type LintSettings, type Problem } from './lint';
import { loadParser } from './parse';

/**
 * The contract between an editor and the Python checker: load once (WebAssembly), then text
 * and settings in, problems out — each with its rule id, range (UTF-16 offsets, and 1-based
 * line/column), message, docs URL and suggestions as text edits — plus the hover target for the
 * asyncio primitive under the cursor. Knows no editor; `vscode` is the caller's business.
 */
export interface PythonChecker {
  check(text: string, settings: LintSettings): Problem[];
  hover(text: string, offset: number, settings: LintSettings): PythonHoverTarget | null;
}

/** `wasmDirectory`: where a bundle ships web-tree-sitter's and the grammar's `.wasm` files. */
export async function loadPythonChecker(wasmDirectory?: string): Promise<PythonChecker> {
  // The parser is loaded once per process: this first load decides where the .wasm files are.
  await loadParser(wasmDirectory);
  await prepare();
  return {
    check: (text, settings) => lintLoaded(text, settings),
    hover: (text, offset, settings) => pythonHoverAt(text, offset, settings),
  };
}
