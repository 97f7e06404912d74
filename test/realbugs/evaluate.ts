// Lints one real-bug case, buggy and fixed file, the way the corpus harness lints a file
// (test/corpus/check-file.ts: TypeScript parser, inline config off), with the plugin's recommended
// and strict presets and core `require-atomic-updates`, and says what was caught where.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createChecker, type Finding, type PluginLike } from '../corpus/check-file';
import { fetchPackage, sourceTypeOf } from '../corpus/packages';
import type { RealBugCase } from './cases';

/** A report within this many lines of a case's line counts as catching it. */
export const LINE_TOLERANCE = 3;
const CORE_RULE = 'require-atomic-updates';

export interface CaseOutcome {
  id: string;
  /** False when the plugin has no rule of that name yet: every "caught" below is then false. */
  ruleExists: boolean;
  /** The expected rule reported at the buggy line, with each preset. */
  recommended: boolean;
  strict: boolean;
  /** The message ids of the expected rule's recommended reports at the buggy line: which check caught it. */
  recommendedBy: string[];
  /** Core `require-atomic-updates` reported at the buggy line. */
  core: boolean;
  /** Any rule of the plugin (strict) reported at the buggy line, even another than the expected one. */
  anyRuleStrict: string[];
  /** Reports of the expected rule (strict) at the repaired line of the fixed version. */
  leftInFixed: number;
  /** Reports of the expected rule (strict) in the whole buggy and fixed files. */
  expectedInBuggyFile: number;
  expectedInFixedFile: number;
  /** A file that did not parse, a rule that threw: the case's figures are then not to be trusted. */
  errors: string[];
}

export type Checker = ReturnType<typeof createChecker>;

export interface Checkers {
  plugin: PluginLike;
  recommended: Checker;
  strict: Checker;
}

export function createCheckers(plugin: PluginLike): Checkers {
  return {
    plugin,
    // The core rule runs in the recommended pass only: it is the same rule in both.
    recommended: createChecker(plugin, { preset: 'recommended', coreRule: true }),
    strict: createChecker(plugin, { preset: 'strict' }),
  };
}

/** Fetches both versions (cached) and returns the two files' absolute paths. */
export async function fetchCaseFiles(entry: RealBugCase, log?: (line: string) => void): Promise<{ buggy: string; fixed: string }> {
  const buggy = await fetchPackage({ name: entry.package, version: entry.buggy }, log);
  const fixed = await fetchPackage({ name: entry.package, version: entry.fixed }, log);
  return { buggy: path.join(buggy.dir, entry.file), fixed: path.join(fixed.dir, entry.fixedFile ?? entry.file) };
}

export function evaluateCase(entry: RealBugCase, files: { buggy: string; fixed: string }, checkers: Checkers): CaseOutcome {
  const expected = `interleave/${entry.rule}`;
  const ruleExists = entry.rule in checkers.plugin.rules;
  const errors: string[] = [];
  const lint = (checker: Checker, file: string, version: string) => {
    const result = checker(file, readFileSync(file, 'utf8'), `${entry.package}@${version}/${entry.file}`, sourceTypeOf(file));
    if (result.parseError) errors.push(`${result.file} does not parse: ${result.parseError}`);
    for (const crash of result.crashes) errors.push(`${crash.rule} threw on ${result.file}: ${crash.message}`);
    return result.findings;
  };
  const buggyLines = [entry.line, ...(entry.otherLines ?? [])];
  const near = (finding: Finding, lines: readonly number[]) => lines.some((line) => Math.abs(finding.line - line) <= LINE_TOLERANCE);

  const recommended = lint(checkers.recommended, files.buggy, entry.buggy);
  const strict = lint(checkers.strict, files.buggy, entry.buggy);
  const fixedStrict = lint(checkers.strict, files.fixed, entry.fixed);
  const atBuggyLine = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule && near(finding, buggyLines));
  const caught = (findings: Finding[], rule: string) => atBuggyLine(findings, rule).length > 0;

  return {
    id: entry.id,
    ruleExists,
    recommended: ruleExists && caught(recommended, expected),
    strict: ruleExists && caught(strict, expected),
    recommendedBy: [...new Set(atBuggyLine(recommended, expected).flatMap((finding) => (finding.messageId ? [finding.messageId] : [])))],
    core: caught(recommended, CORE_RULE),
    anyRuleStrict: [...new Set(strict.filter((finding) => near(finding, buggyLines)).map((finding) => finding.rule.replace(/^interleave\//, '')))],
    leftInFixed: fixedStrict.filter((finding) => finding.rule === expected && near(finding, [entry.fixedLine])).length,
    expectedInBuggyFile: strict.filter((finding) => finding.rule === expected).length,
    expectedInFixedFile: fixedStrict.filter((finding) => finding.rule === expected).length,
    errors,
  };
}
