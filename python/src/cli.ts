import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, findPyproject, presetName, readPyproject } from './config';
import { format, FORMATS, type FileResult, type FormatName } from './format';
import { lintLoaded, prepare, type LintSettings } from './lint';

const USAGE = `usage: interleave-py [--preset recommended|strict] [--format stylish|json|sarif] PATH...

Checks Python asyncio code for concurrency bugs. PATHs are .py files or directories (searched
for .py files). Settings come from [tool.interleave] in the nearest pyproject.toml; --preset
overrides its preset. Exit status: 0 clean, 1 problems found, 2 usage or configuration error.`;

const SKIPPED_DIRECTORIES = new Set(['.git', '.hg', '__pycache__', 'node_modules', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.ruff_cache', '.pytest_cache']);

/** Runs the CLI; resolves to the exit status. */
export async function main(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  let values: { preset?: string; format?: string; help?: boolean };
  let paths: string[];
  try {
    const parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { preset: { type: 'string' }, format: { type: 'string', default: 'stylish' }, help: { type: 'boolean', short: 'h' } },
    });
    values = parsed.values;
    paths = parsed.positionals;
  } catch (error) {
    err.write(`interleave-py: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${USAGE}\n`);
    return 0;
  }
  if (paths.length === 0 || !(FORMATS as readonly string[]).includes(values.format!)) {
    err.write(`interleave-py: ${paths.length === 0 ? 'no PATH given' : `--format must be one of ${FORMATS.join(', ')}`}\n${USAGE}\n`);
    return 2;
  }
  try {
    const preset = values.preset === undefined ? undefined : presetName(values.preset, '--preset');
    const files = paths.flatMap((given) => pythonFiles(given));
    await prepare();
    const settingsByConfig = new Map<string, LintSettings>();
    const results: FileResult[] = [];
    for (const file of files) {
      const config = findPyproject(path.dirname(file));
      let settings = config ? settingsByConfig.get(config) : {};
      if (!settings) {
        settings = readPyproject(config!);
        settingsByConfig.set(config!, settings);
      }
      results.push({ filePath: file, problems: lintLoaded(readFileSync(file, 'utf8'), preset ? { ...settings, preset } : settings) });
    }
    const output = format(values.format as FormatName, results);
    if (output) out.write(output.endsWith('\n') ? output : `${output}\n`);
    return results.some((result) => result.problems.length > 0) ? 1 : 0;
  } catch (error) {
    if (error instanceof ConfigError) {
      err.write(`interleave-py: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

function pythonFiles(given: string): string[] {
  const absolute = path.resolve(given);
  let stat;
  try {
    stat = statSync(absolute);
  } catch {
    throw new ConfigError(`${given}: no such file or directory.`);
  }
  if (!stat.isDirectory()) return [absolute];
  const found: string[] = [];
  for (const entry of readdirSync(absolute, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) found.push(...pythonFiles(path.join(absolute, entry.name)));
    else if (entry.isFile() && entry.name.endsWith('.py')) found.push(path.join(absolute, entry.name));
  }
  return found;
}
