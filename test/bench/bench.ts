// `npm run bench`: what the recommended preset costs on real code. Lints the pinned package corpus
// (fetched and cached by the corpus harness's fetcher; declaration files left out, they hold no
// code) three ways — parse only, core `require-atomic-updates` only, the recommended preset —
// with the built plugin, as users load it. Prints wall times, the overhead over parse-only, and
// each rule's own time from ESLint's `stats` (the Linter's form of the `TIMING` mechanism).
//
// Wall times are paired: each file is linted by the three variants back to back, so that load
// from other processes hits them alike; the best round counts (load only ever adds time). Rule
// times come from separate passes with `stats`, median round. Options: --rounds N (default 3),
// --limit N (files). Then `compareHosts` (hosts.ts): the eslint CLI against oxlint, end to end
// (--hosts-only: that alone).
//
// The same figures are given for the lock-heavy slice: the packages that import a lock library (a
// file of theirs imports or requires one of the lock packages the plugin knows), where the lock
// rules build critical sections and hold analyses instead of stopping at the file's text test.
import { Linter } from 'eslint';
// A namespace import: the parser's CommonJS exports have no `default`.
import * as tsParser from '@typescript-eslint/parser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { LOCK_PACKAGES } from '../../eslint-plugin/src/analysis/libraries';
import { FILES, timedOptions } from '../corpus/check-file';
import { CORPUS, fetchCorpus, listSourceFiles, repoRoot, sourceTypeOf, type FetchedPackage } from '../corpus/packages';
import { compareHosts } from './hosts';

const CORE_RULE = 'require-atomic-updates';
const OUR_RACE_RULE = 'interleave/no-read-await-write-race';
/** The issue's target: the preset adds at most this much to parse-only time. */
const MAX_PRESET_OVERHEAD = 0.05;
const VARIANTS = ['parse only', CORE_RULE, 'recommended'] as const;

type Variant = (typeof VARIANTS)[number];
type SourceType = 'module' | 'commonjs';

interface Source {
  filename: string;
  text: string;
  sourceType: SourceType;
  /** In a package that imports a lock library. */
  lockHeavy: boolean;
}

interface Pass {
  parse: number;
  rules: Record<string, number>;
  /** Reports of rules (ESLint's own notes left out). */
  findings: number;
}

/** What one slice of the corpus measured over the rounds. */
interface Figures {
  walls: Record<Variant, number[]>;
  findings: Partial<Record<Variant, number>>;
  ruleTimes: Record<string, number[]>;
  parseTimes: number[];
}

type Slice = 'all' | 'lock-heavy';

/** A lock package's name in quotes: the text test before a file is parsed to see whether it imports one. */
const LOCK_NAME = new RegExp(`['"](?:${LOCK_PACKAGES.map((name) => name.replace(/[-/]/g, '\\$&')).join('|')})(?:/[^'"]*)?['"]`);

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, limit: { type: 'string' }, 'hosts-only': { type: 'boolean', default: false } } });
  const rounds = Number(values.rounds);
  const plugin = createRequire(__filename)(path.join(repoRoot(), 'eslint-plugin/dist/index.js')) as { configs: { recommended: Linter.Config } };

  const packages = await fetchCorpus(CORPUS, (line) => console.log(line));
  const files = packages
    .flatMap((pkg) => listSourceFiles(pkg.dir, { skipNodeModules: true }).map((file) => ({ file, pkg })))
    .filter(({ file }) => !/\.d\.[mc]?ts$/.test(file))
    .slice(0, values.limit ? Number(values.limit) : undefined);
  if (values['hosts-only']) return compareHosts(files.map(({ file }) => file), plugin.configs.recommended.rules ?? {}, rounds);
  const texts = files.map(({ file }) => readFileSync(file, 'utf8'));
  const lockHeavy = new Set<FetchedPackage>(files.flatMap(({ file, pkg }, index) => (importsLockPackage(texts[index]!, sourceTypeOf(file)) ? [pkg] : [])));
  const sources: Source[] = files.map(({ file, pkg }, index) => ({
    filename: path.basename(file),
    text: texts[index]!,
    sourceType: sourceTypeOf(file),
    lockHeavy: lockHeavy.has(pkg),
  }));
  const megabytes = (list: readonly Source[]): string => (list.reduce((sum, source) => sum + source.text.length, 0) / 1e6).toFixed(1);
  const heavy = sources.filter((source) => source.lockHeavy);
  console.log(`\n${sources.length} files (${megabytes(sources)} MB) from ${packages.length} packages; ${rounds} rounds.`);
  console.log(`Lock-heavy slice: ${heavy.length} files (${megabytes(heavy)} MB) from ${[...lockHeavy].map((pkg) => pkg.name).join(', ')}.\n`);

  const bench = new Bench(sources, plugin.configs.recommended);
  bench.warmUp();
  const figures: Record<Slice, Figures> = { all: emptyFigures(), 'lock-heavy': emptyFigures() };
  for (let round = 1; round <= rounds; round++) {
    // Wall times come from lints without `stats`, whose per-listener timers cost time themselves.
    const paired = bench.pairedRound(round);
    const core = bench.pass(CORE_RULE);
    const ours = bench.pass('recommended');
    for (const slice of ['all', 'lock-heavy'] as const) {
      const into = figures[slice];
      for (const variant of VARIANTS) {
        into.walls[variant].push(paired[slice][variant].wall);
        into.findings[variant] = paired[slice][variant].findings;
      }
      into.parseTimes.push(ours[slice].parse);
      for (const [rule, time] of Object.entries({ ...core[slice].rules, ...ours[slice].rules })) (into.ruleTimes[rule] ??= []).push(time);
    }
    console.log(`round ${round}: ${VARIANTS.map((variant) => `${variant} ${(figures.all.walls[variant].at(-1)! / 1000).toFixed(2)} s`).join(', ')}`);
  }

  report('the corpus', figures.all);
  if (heavy.length > 0) report(`the lock-heavy slice (${heavy.length} files)`, figures['lock-heavy']);

  await compareHosts(files.map(({ file }) => file), plugin.configs.recommended.rules ?? {}, rounds);
}

/**
 * Whether a file imports or requires a lock package (or a subpath of one). Parsed, because
 * documentation comments show `import PQueue from 'p-queue'` too; only files that name one are.
 */
function importsLockPackage(text: string, sourceType: SourceType): boolean {
  if (!LOCK_NAME.test(text)) return false;
  let program: unknown;
  try {
    program = tsParser.parse(text, { sourceType: sourceType === 'module' ? 'module' : 'script', ecmaVersion: 'latest' });
  } catch {
    return false;
  }
  const isLockSource = (node: unknown): boolean => {
    const literal = node as { type?: string; value?: unknown } | null;
    return literal?.type === 'Literal' && typeof literal.value === 'string' && LOCK_PACKAGES.includes(literal.value.split('/').slice(0, literal.value.startsWith('@') ? 2 : 1).join('/'));
  };
  const visit = (node: unknown): boolean => {
    if (Array.isArray(node)) return node.some(visit);
    if (!node || typeof node !== 'object') return false;
    const { type, source, callee, arguments: args } = node as { type?: string; source?: unknown; callee?: { type?: string; name?: string }; arguments?: unknown[] };
    if ((type === 'ImportDeclaration' || type === 'ImportExpression' || type === 'ExportAllDeclaration' || type === 'ExportNamedDeclaration') && isLockSource(source)) return true;
    if (type === 'CallExpression' && callee?.type === 'Identifier' && callee.name === 'require' && isLockSource(args?.[0])) return true;
    return Object.entries(node).some(([key, value]) => key !== 'parent' && typeof value === 'object' && visit(value));
  };
  return visit(program);
}

function emptyFigures(): Figures {
  return { walls: { 'parse only': [], [CORE_RULE]: [], recommended: [] }, findings: {}, ruleTimes: {}, parseTimes: [] };
}

/** Wall times, time per rule and the targets, for the whole corpus or a slice. */
function report(what: string, { walls, findings, ruleTimes, parseTimes }: Figures): void {
  const parseOnly = Math.min(...walls['parse only']);
  console.log(`\nWall time per pass over ${what} (best round):`);
  console.log(row('parse only (parse, scope analysis, traversal)', parseOnly, ''));
  for (const variant of [CORE_RULE, 'recommended'] as const) {
    const wall = Math.min(...walls[variant]);
    console.log(row(variant, wall, `${wall >= parseOnly ? '+' : ''}${pct(wall - parseOnly, parseOnly)} over parse only; ${findings[variant]} findings`));
  }

  console.log(`\nTime per rule over ${what} (ESLint stats, median round; parsing alone: ${median(parseTimes).toFixed(0)} ms):`);
  const rules = Object.keys(ruleTimes).sort((a, b) => median(ruleTimes[b]!) - median(ruleTimes[a]!));
  for (const rule of rules) console.log(row(rule, median(ruleTimes[rule]!), `${pct(median(ruleTimes[rule]!), parseOnly)} of parse-only time`));
  const preset = rules.filter((rule) => rule.startsWith('interleave/')).reduce((sum, rule) => sum + median(ruleTimes[rule]!), 0);
  console.log(row('recommended preset, all its rules', preset, `${pct(preset, parseOnly)} of parse-only time`));

  const wallOverhead = (Math.min(...walls.recommended) - parseOnly) / parseOnly;
  const race = ruleTimes[OUR_RACE_RULE] ? median(ruleTimes[OUR_RACE_RULE]) : NaN;
  const core = median(ruleTimes[CORE_RULE]!);
  console.log(`\nTargets over ${what}:`);
  console.log(
    `  preset overhead ${pct(wallOverhead, 1)} (wall), ${pct(preset, parseOnly)} (rule time) ≤ ${pct(MAX_PRESET_OVERHEAD, 1)}: ${Math.max(wallOverhead, preset / parseOnly) <= MAX_PRESET_OVERHEAD ? 'met' : 'NOT met'}`,
  );
  console.log(`  ${OUR_RACE_RULE} ${race.toFixed(0)} ms ≤ ${CORE_RULE} ${core.toFixed(0)} ms: ${race <= core ? 'met' : 'NOT met'}`);
}

class Bench {
  private readonly linter = new Linter({ configType: 'flat' });
  private readonly configs = new Map<string, Linter.Config[]>();

  constructor(
    private readonly sources: readonly Source[],
    private readonly recommended: Linter.Config,
  ) {}

  /** JIT and parser caches warm up on a slice before anything is measured. */
  warmUp(): void {
    for (const variant of VARIANTS) {
      for (const source of this.sources.slice(0, 300)) this.linter.verify(source.text, this.config(variant, source.sourceType), { filename: source.filename });
    }
  }

  /** Every file linted by each variant in turn (the order rotating per file): wall time per variant, for the corpus and the slice. */
  pairedRound(round: number): Record<Slice, Record<Variant, { wall: number; findings: number }>> {
    const empty = (): Record<Variant, { wall: number; findings: number }> =>
      Object.fromEntries(VARIANTS.map((variant) => [variant, { wall: 0, findings: 0 }])) as Record<Variant, { wall: number; findings: number }>;
    const totals: Record<Slice, Record<Variant, { wall: number; findings: number }>> = { all: empty(), 'lock-heavy': empty() };
    this.sources.forEach((source, index) => {
      for (let step = 0; step < VARIANTS.length; step++) {
        const variant = VARIANTS[(index + round + step) % VARIANTS.length]!;
        const started = performance.now();
        const messages = this.linter.verify(source.text, this.config(variant, source.sourceType), { filename: source.filename });
        const wall = performance.now() - started;
        for (const slice of slicesOf(source)) {
          totals[slice][variant].wall += wall;
          totals[slice][variant].findings += countFindings(messages);
        }
      }
    });
    return totals;
  }

  /** One pass over every file with ESLint's `stats`: parse and per-rule times, for the corpus and the slice. */
  pass(variant: Variant): Record<Slice, Pass> {
    const result: Record<Slice, Pass> = { all: { parse: 0, rules: {}, findings: 0 }, 'lock-heavy': { parse: 0, rules: {}, findings: 0 } };
    for (const source of this.sources) {
      const config = this.config(variant, source.sourceType);
      const findings = countFindings(this.linter.verifyAndFix(source.text, config, timedOptions(source.filename)).messages);
      const times = this.linter.getTimes().passes[0];
      for (const slice of slicesOf(source)) {
        const into = result[slice];
        into.findings += findings;
        into.parse += times?.parse?.total ?? 0;
        for (const [rule, time] of Object.entries(times?.rules ?? {})) into.rules[rule] = (into.rules[rule] ?? 0) + time.total;
      }
    }
    return result;
  }

  private config(variant: Variant, sourceType: SourceType): Linter.Config[] {
    const key = `${variant}/${sourceType}`;
    let config = this.configs.get(key);
    if (!config) {
      const base: Linter.Config = {
        files: FILES,
        languageOptions: { parser: tsParser as Linter.Parser, ecmaVersion: 'latest', sourceType },
        linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
      };
      if (variant === 'parse only') config = [base];
      else if (variant === CORE_RULE) config = [{ ...base, rules: { [CORE_RULE]: 'error' } }];
      else config = [base, this.recommended];
      this.configs.set(key, config);
    }
    return config;
  }
}

function slicesOf(source: Source): Slice[] {
  return source.lockHeavy ? ['all', 'lock-heavy'] : ['all'];
}

/** Rule reports only: ESLint adds notes of its own (ignored inline configs) without a rule id. */
function countFindings(messages: readonly Linter.LintMessage[]): number {
  return messages.filter((message) => message.ruleId).length;
}

function median(numbers: readonly number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function row(label: string, ms: number, note: string): string {
  return `  ${label.padEnd(48)} ${ms.toFixed(0).padStart(8)} ms   ${note}`;
}

function pct(part: number, whole: number): string {
  return `${((part / whole) * 100).toFixed(2)} %`;
}
