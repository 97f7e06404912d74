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
import { Linter } from 'eslint';
// A namespace import: the parser's CommonJS exports have no `default`.
import * as tsParser from '@typescript-eslint/parser';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { FILES, timedOptions } from '../corpus/check-file';
import { CORPUS, fetchCorpus, listSourceFiles, repoRoot, sourceTypeOf } from '../corpus/packages';
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
}

interface Pass {
  parse: number;
  rules: Record<string, number>;
  /** Reports of rules (ESLint's own notes left out). */
  findings: number;
}

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
    .flatMap((pkg) => listSourceFiles(pkg.dir, { skipNodeModules: true }))
    .filter((file) => !/\.d\.[mc]?ts$/.test(file))
    .slice(0, values.limit ? Number(values.limit) : undefined);
  if (values['hosts-only']) return compareHosts(files, plugin.configs.recommended.rules ?? {}, rounds);
  const sources: Source[] = files.map((file) => ({ filename: path.basename(file), text: readFileSync(file, 'utf8'), sourceType: sourceTypeOf(file) }));
  const megabytes = sources.reduce((sum, source) => sum + source.text.length, 0) / 1e6;
  console.log(`\n${sources.length} files (${megabytes.toFixed(1)} MB) from ${packages.length} packages; ${rounds} rounds.\n`);

  const bench = new Bench(sources, plugin.configs.recommended);
  bench.warmUp();
  const walls: Record<Variant, number[]> = { 'parse only': [], [CORE_RULE]: [], recommended: [] };
  const findings: Partial<Record<Variant, number>> = {};
  const ruleTimes: Record<string, number[]> = {};
  const parseTimes: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    // Wall times come from lints without `stats`, whose per-listener timers cost time themselves.
    const paired = bench.pairedRound(round);
    for (const variant of VARIANTS) {
      walls[variant].push(paired[variant].wall);
      findings[variant] = paired[variant].findings;
    }
    const core = bench.pass(CORE_RULE);
    const ours = bench.pass('recommended');
    parseTimes.push(ours.parse);
    for (const [rule, time] of Object.entries({ ...core.rules, ...ours.rules })) (ruleTimes[rule] ??= []).push(time);
    console.log(`round ${round}: ${VARIANTS.map((variant) => `${variant} ${(walls[variant].at(-1)! / 1000).toFixed(2)} s`).join(', ')}`);
  }

  const parseOnly = Math.min(...walls['parse only']);
  console.log('\nWall time per pass over the corpus (best round):');
  console.log(row('parse only (parse, scope analysis, traversal)', parseOnly, ''));
  for (const variant of [CORE_RULE, 'recommended'] as const) {
    const wall = Math.min(...walls[variant]);
    console.log(row(variant, wall, `${wall >= parseOnly ? '+' : ''}${pct(wall - parseOnly, parseOnly)} over parse only; ${findings[variant]} findings`));
  }

  console.log(`\nTime per rule (ESLint stats, median round; parsing alone: ${median(parseTimes).toFixed(0)} ms):`);
  const rules = Object.keys(ruleTimes).sort((a, b) => median(ruleTimes[b]!) - median(ruleTimes[a]!));
  for (const rule of rules) console.log(row(rule, median(ruleTimes[rule]!), `${pct(median(ruleTimes[rule]!), parseOnly)} of parse-only time`));
  const preset = rules.filter((rule) => rule.startsWith('interleave/')).reduce((sum, rule) => sum + median(ruleTimes[rule]!), 0);
  console.log(row('recommended preset, all its rules', preset, `${pct(preset, parseOnly)} of parse-only time`));

  const wallOverhead = (Math.min(...walls.recommended) - parseOnly) / parseOnly;
  const race = ruleTimes[OUR_RACE_RULE] ? median(ruleTimes[OUR_RACE_RULE]) : NaN;
  const core = median(ruleTimes[CORE_RULE]!);
  console.log('\nTargets:');
  console.log(
    `  preset overhead ${pct(wallOverhead, 1)} (wall), ${pct(preset, parseOnly)} (rule time) ≤ ${pct(MAX_PRESET_OVERHEAD, 1)}: ${Math.max(wallOverhead, preset / parseOnly) <= MAX_PRESET_OVERHEAD ? 'met' : 'NOT met'}`,
  );
  console.log(`  ${OUR_RACE_RULE} ${race.toFixed(0)} ms ≤ ${CORE_RULE} ${core.toFixed(0)} ms: ${race <= core ? 'met' : 'NOT met'}`);

  await compareHosts(files, plugin.configs.recommended.rules ?? {}, rounds);
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

  /** Every file linted by each variant in turn (the order rotating per file): wall time per variant. */
  pairedRound(round: number): Record<Variant, { wall: number; findings: number }> {
    const totals = Object.fromEntries(VARIANTS.map((variant) => [variant, { wall: 0, findings: 0 }])) as Record<Variant, { wall: number; findings: number }>;
    this.sources.forEach((source, index) => {
      for (let step = 0; step < VARIANTS.length; step++) {
        const variant = VARIANTS[(index + round + step) % VARIANTS.length]!;
        const started = performance.now();
        const messages = this.linter.verify(source.text, this.config(variant, source.sourceType), { filename: source.filename });
        totals[variant].wall += performance.now() - started;
        totals[variant].findings += countFindings(messages);
      }
    });
    return totals;
  }

  /** One pass over every file with ESLint's `stats`: parse and per-rule times. */
  pass(variant: Variant): Pass {
    const result: Pass = { parse: 0, rules: {}, findings: 0 };
    for (const source of this.sources) {
      const config = this.config(variant, source.sourceType);
      result.findings += countFindings(this.linter.verifyAndFix(source.text, config, timedOptions(source.filename)).messages);
      const times = this.linter.getTimes().passes[0];
      result.parse += times?.parse?.total ?? 0;
      for (const [rule, time] of Object.entries(times?.rules ?? {})) result.rules[rule] = (result.rules[rule] ?? 0) + time.total;
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
