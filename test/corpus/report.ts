// Aggregates per-file results and writes the corpus report (markdown for people, JSON for tools).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BrokenFix, Crash, FileResult, Finding, Preset } from './check-file';
import type { Job } from './pool';

export type CorpusSet = 'packages' | 'node_modules' | 'precision';

export const CORE_RULE = 'require-atomic-updates';

type Located<T> = T & { file: string; group: string };

export interface SetSummary {
  set: CorpusSet;
  files: number;
  bytes: number;
  wallMs: number;
  parseErrors: Array<Located<{ error: string }>>;
  crashes: Array<Located<Crash>>;
  fixesChecked: number;
  brokenFixes: Array<Located<BrokenFix>>;
  findings: Array<Located<Finding>>;
  times: { parse: number; rules: Record<string, number>; total: number };
  /** The files on which the plugin's rules spent the most time. */
  slowest: Array<{ file: string; parse: number; plugin: number; slowestRule: string }>;
  groups: Record<string, { files: number; parseErrors: number; crashes: number; findings: Record<string, number> }>;
}

export function summarise(set: CorpusSet, jobs: readonly Job[], results: readonly FileResult[], wallMs: number): SetSummary {
  const summary: SetSummary = {
    set,
    files: results.length,
    bytes: 0,
    wallMs,
    parseErrors: [],
    crashes: [],
    fixesChecked: 0,
    brokenFixes: [],
    findings: [],
    times: { parse: 0, rules: {}, total: 0 },
    slowest: [],
    groups: {},
  };
  results.forEach((result, index) => {
    const group = jobs[index]!.group;
    const where = { file: result.file, group };
    const stats = (summary.groups[group] ??= { files: 0, parseErrors: 0, crashes: 0, findings: {} });
    stats.files++;
    summary.bytes += result.bytes;
    summary.fixesChecked += result.fixesChecked;
    if (result.parseError) {
      summary.parseErrors.push({ ...where, error: result.parseError });
      stats.parseErrors++;
    }
    for (const crash of result.crashes) summary.crashes.push({ ...where, ...crash });
    stats.crashes += result.crashes.length;
    for (const broken of result.brokenFixes) summary.brokenFixes.push({ ...where, ...broken });
    for (const finding of result.findings) {
      summary.findings.push({ ...where, ...finding });
      stats.findings[finding.rule] = (stats.findings[finding.rule] ?? 0) + 1;
    }
    summary.times.parse += result.times.parse;
    summary.times.total += result.times.total;
    for (const [rule, time] of Object.entries(result.times.rules)) summary.times.rules[rule] = (summary.times.rules[rule] ?? 0) + time;
    const ours = Object.entries(result.times.rules).filter(([rule]) => rule.startsWith('interleave/'));
    const [slowestRule = ''] = ours.reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0]);
    const timedOut = result.crashes.some((crash) => crash.rule === 'timeout');
    summary.slowest.push({ file: result.file, parse: result.times.parse, plugin: timedOut ? Infinity : ours.reduce((sum, [, time]) => sum + time, 0), slowestRule: timedOut ? 'timeout' : slowestRule });
    summary.slowest = summary.slowest.sort((a, b) => b.plugin - a.plugin).slice(0, SLOWEST);
  });
  return summary;
}

const SLOWEST = 25;

/** Listing caps for the markdown; the JSON always holds everything. */
const LIST_CAP: Record<CorpusSet, number> = { packages: 400, node_modules: 60, precision: 400 };

export function writeReport(
  summaries: readonly SetSummary[],
  meta: { pluginPath: string; root: string; preset: Preset; precisionSet?: string },
) {
  const dir = path.join(meta.root, 'test-results', 'corpus');
  mkdirSync(dir, { recursive: true });
  const name = ['report', meta.preset === 'strict' ? [] : meta.preset, meta.precisionSet ? ['precision', meta.precisionSet] : []].flat().join('-');
  const markdown = path.join(dir, `${name}.md`);
  const json = path.join(dir, `${name}.json`);
  writeFileSync(json, JSON.stringify({ generated: new Date().toISOString(), plugin: meta.pluginPath, preset: meta.preset, sets: summaries }, null, 1));
  const rulesRun =
    meta.preset === 'strict' ? 'every rule of the plugin (strict preset, rules outside it at their defaults)' : `the plugin's ${meta.preset} preset`;

  const out: string[] = [];
  const consoleLines: string[] = [];
  out.push('# Corpus report', '', `Generated ${new Date().toISOString()} with \`${path.relative(meta.root, meta.pluginPath)}\`: ${rulesRun} and core \`${CORE_RULE}\`, inline \`eslint-disable\` comments ignored.`, '');
  out.push('## Figures', '', '| set | files | MB | parser errors (not ours) | crashes | fixes/suggestions checked | outputs that no longer parse | wall s |', '|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const s of summaries) {
    out.push(`| ${s.set} | ${s.files} | ${(s.bytes / 1e6).toFixed(1)} | ${s.parseErrors.length} | ${s.crashes.length} | ${s.fixesChecked} | ${s.brokenFixes.length} | ${(s.wallMs / 1000).toFixed(0)} |`);
    consoleLines.push(
      `${s.set}: ${s.files} files (${(s.bytes / 1e6).toFixed(1)} MB) in ${(s.wallMs / 1000).toFixed(0)} s; parser errors ${s.parseErrors.length}; crashes ${s.crashes.length}; fixes/suggestions checked ${s.fixesChecked}, no longer parsing ${s.brokenFixes.length}`,
    );
  }
  const total = summaries.reduce((sum, s) => sum + s.files, 0);
  out.push('', `Files linted in all: ${total}.`, '');
  consoleLines.push(`all sets: ${total} files`);

  const rules = [...new Set(summaries.flatMap((s) => [...s.findings.map((f) => f.rule), ...Object.keys(s.times.rules)]))].sort(byRule);
  out.push('## Findings per rule', '', `| rule | ${summaries.map((s) => s.set).join(' | ')} |`, `|---|${summaries.map(() => '---:').join('|')}|`);
  for (const rule of rules) out.push(`| \`${rule}\` | ${summaries.map((s) => s.findings.filter((f) => f.rule === rule).length).join(' | ')} |`);
  for (const s of summaries) {
    consoleLines.push(`${s.set} findings: ${rules.map((rule) => `${rule} ${s.findings.filter((f) => f.rule === rule).length}`).join(', ')}`);
  }

  out.push('', '## Timing (ms, summed over files)', '', `| | ${summaries.map((s) => s.set).join(' | ')} |`, `|---|${summaries.map(() => '---:').join('|')}|`);
  out.push(`| parse | ${summaries.map((s) => s.times.parse.toFixed(0)).join(' | ')} |`);
  for (const rule of rules) {
    out.push(`| \`${rule}\` | ${summaries.map((s) => `${(s.times.rules[rule] ?? 0).toFixed(0)} (${pct(s.times.rules[rule] ?? 0, s.times.parse)} of parse)`).join(' | ')} |`);
  }
  out.push(`| all plugin rules | ${summaries.map((s) => `${pluginTime(s).toFixed(0)} (${pct(pluginTime(s), s.times.parse)} of parse)`).join(' | ')} |`);
  out.push(`| whole lint incl. fix checks | ${summaries.map((s) => s.times.total.toFixed(0)).join(' | ')} |`);
  for (const s of summaries) {
    consoleLines.push(`${s.set} timing: parse ${s.times.parse.toFixed(0)} ms; plugin rules ${pluginTime(s).toFixed(0)} ms (${pct(pluginTime(s), s.times.parse)} of parse); ${CORE_RULE} ${(s.times.rules[CORE_RULE] ?? 0).toFixed(0)} ms`);
  }

  for (const s of summaries) {
    out.push('', `### ${s.set}: slowest files for the plugin`, '', '| file | parse ms | plugin rules ms | slowest rule |', '|---|---:|---:|---|');
    for (const slow of s.slowest) out.push(`| \`${slow.file}\` | ${slow.parse.toFixed(0)} | ${Number.isFinite(slow.plugin) ? slow.plugin.toFixed(0) : 'timed out'} | ${slow.slowestRule} |`);
  }

  for (const s of summaries) {
    out.push('', `## ${s.set}: crashes (${s.crashes.length})`, '');
    for (const crash of s.crashes) {
      out.push(`- \`${crash.file}\` — **${crash.rule}**: ${crash.message}`, '', fence(crash.stack.split('\n').slice(0, 8).join('\n')), '');
    }
    out.push('', `## ${s.set}: fix and suggestion outputs that no longer parse (${s.brokenFixes.length})`, '');
    for (const broken of s.brokenFixes) {
      out.push(`- \`${broken.file}:${broken.line}\` — **${broken.rule}** ${broken.edit} — ${broken.check} parser: ${broken.error}`, '', fence(broken.excerpt), '');
    }
  }

  for (const s of summaries) {
    out.push('', `## ${s.set}: findings per package`, '', `| package | files | parser errors | crashes | ${rules.map((rule) => `\`${shortRule(rule)}\``).join(' | ')} |`, `|---|---:|---:|---:|${rules.map(() => '---:').join('|')}|`);
    const groups = Object.entries(s.groups).filter(([, g]) => s.set === 'packages' || g.crashes > 0 || Object.keys(g.findings).length > 0);
    for (const [group, g] of groups.sort(([a], [b]) => a.localeCompare(b))) {
      out.push(`| ${group} | ${g.files} | ${g.parseErrors} | ${g.crashes} | ${rules.map((rule) => g.findings[rule] ?? 0).join(' | ')} |`);
    }
    if (s.set === 'node_modules') out.push('', 'Packages with no finding and no crash are left out.');
  }

  for (const s of summaries) {
    for (const rule of rules) {
      const findings = s.findings.filter((f) => f.rule === rule);
      if (findings.length === 0) continue;
      out.push('', `## ${s.set}: \`${rule}\` (${findings.length})`, '');
      const cap = LIST_CAP[s.set];
      let previousGroup = '';
      for (const finding of findings.slice(0, cap)) {
        if (finding.group !== previousGroup) out.push(`### ${finding.group}`, '');
        previousGroup = finding.group;
        out.push(`- \`${finding.file}:${finding.line}:${finding.column}\`${finding.messageId ? ` (${finding.messageId})` : ''} — ${finding.message}`, '', fence(finding.code.map((c) => `${String(c.line).padStart(5)} | ${c.text}`).join('\n')), '');
      }
      if (findings.length > cap) out.push(`… ${findings.length - cap} more in report.json.`);
    }
  }

  for (const s of summaries) {
    out.push('', `## ${s.set}: files the parser rejects (${s.parseErrors.length}; the parser's errors, not the plugin's)`, '');
    for (const error of s.parseErrors.slice(0, 100)) out.push(`- \`${error.file}\`: ${error.error}`);
    if (s.parseErrors.length > 100) out.push(`- … ${s.parseErrors.length - 100} more in report.json.`);
  }

  writeFileSync(markdown, `${out.join('\n')}\n`);
  return { markdown, json, console: consoleLines };
}

function pluginTime(s: SetSummary): number {
  return Object.entries(s.times.rules).reduce((sum, [rule, time]) => (rule.startsWith('interleave/') ? sum + time : sum), 0);
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : 'n/a';
}

/** Plugin rules first, core rule last. */
function byRule(a: string, b: string): number {
  return Number(a === CORE_RULE) - Number(b === CORE_RULE) || a.localeCompare(b);
}

function shortRule(rule: string): string {
  return rule.replace(/^interleave\//, '');
}

function fence(text: string): string {
  const ticks = /```/.test(text) ? '~~~~' : '```';
  return `${ticks}\n${text}\n${ticks}`;
}
