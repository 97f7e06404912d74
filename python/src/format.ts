import path from 'node:path';
import type { Problem } from './lint';
import { RULES } from './rules';
import { docsUrl } from './rules/rule';

export interface FileResult {
  filePath: string;
  problems: Problem[];
}

export type FormatName = 'stylish' | 'json' | 'sarif';
export const FORMATS: readonly FormatName[] = ['stylish', 'json', 'sarif'];

export function format(name: FormatName, results: readonly FileResult[]): string {
  if (name === 'json') return JSON.stringify(results.map(eslintResult));
  if (name === 'sarif') return JSON.stringify(sarif(results), null, 2);
  return stylish(results);
}

/** ESLint's JSON result shape, so tools that read ESLint output read ours. */
function eslintResult({ filePath, problems }: FileResult) {
  return {
    filePath,
    messages: problems.map((problem) => ({
      ruleId: problem.ruleId,
      severity: 2,
      ...(problem.fatal ? { fatal: true } : {}),
      message: problem.message,
      line: problem.line,
      column: problem.column,
      endLine: problem.endLine,
      endColumn: problem.endColumn,
    })),
    errorCount: problems.length,
    fatalErrorCount: problems.filter((problem) => problem.fatal).length,
    warningCount: 0,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
  };
}

function stylish(results: readonly FileResult[]): string {
  const lines: string[] = [];
  let total = 0;
  for (const { filePath, problems } of results) {
    if (problems.length === 0) continue;
    total += problems.length;
    lines.push('', filePath);
    for (const problem of problems) {
      lines.push(`  ${`${problem.line}:${problem.column}`.padEnd(8)} error  ${problem.message}  ${problem.ruleId ?? ''}`.trimEnd());
    }
  }
  if (total === 0) return '';
  lines.push('', `✖ ${total} problem${total === 1 ? '' : 's'} (${total} error${total === 1 ? '' : 's'}, 0 warnings)`, '');
  return lines.join('\n');
}

/** SARIF 2.1.0, for GitHub code scanning. */
function sarif(results: readonly FileResult[]) {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'interleave-py',
            informationUri: 'https://github.com/interleave-dev/interleave',
            rules: RULES.map((rule) => ({ id: rule.id, shortDescription: { text: rule.description.replace(/`/g, '') }, helpUri: docsUrl(rule.id) })),
          },
        },
        results: results.flatMap(({ filePath, problems }) =>
          problems.map((problem) => ({
            ruleId: problem.ruleId ?? 'parse-error',
            level: 'error',
            message: { text: problem.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: path.relative(process.cwd(), filePath).split(path.sep).join('/') },
                  region: { startLine: problem.line, startColumn: problem.column, endLine: problem.endLine, endColumn: problem.endColumn },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
}
