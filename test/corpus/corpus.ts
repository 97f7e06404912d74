// `npm run corpus`: lints the pinned package corpus and every JS/TS file of the project's own
// node_modules with all of the plugin's rules (strict preset) and core `require-atomic-updates`,
// checks every fix and suggestion re-parses, and writes test-results/corpus/report.{md,json}.
//
// Options: --preset recommended (that preset alone, as users run it: report-recommended.{md,json}),
// --packages-only | --node-modules-only, --precision (the newest precision set instead of the
// corpus: report-<preset>-precision-<set>.{md,json}; --precision-set NAME picks an older one),
// --limit N (files per set), --workers N, --file-timeout SECONDS,
// --plugin PATH (default: the built eslint-plugin/dist/index.js);
// --file PATH (repeatable) lints just those files in this process and prints what each rule did.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NEWEST_PRECISION_SET, PRECISION_SETS } from './precision-set';
import { isTestFile } from '../../eslint-plugin/src/util/test-files';
import { CORPUS, fetchCorpus, listSourceFiles, packageOfNodeModulesFile, repoRoot, sourceTypeOf, type FetchedPackage } from './packages';
import type { CheckOptions } from './check-file';
import { loadChecker, runPool, serveIfWorker, type Job } from './pool';
import { summarise, writeReport, type CorpusSet } from './report';

if (!serveIfWorker()) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'packages-only': { type: 'boolean', default: false },
      'node-modules-only': { type: 'boolean', default: false },
      precision: { type: 'boolean', default: false },
      'precision-set': { type: 'string', default: NEWEST_PRECISION_SET },
      limit: { type: 'string' },
      workers: { type: 'string', default: String(Math.min(availableParallelism(), 4)) },
      'file-timeout': { type: 'string', default: '120' },
      plugin: { type: 'string' },
      file: { type: 'string', multiple: true },
      preset: { type: 'string', default: 'strict' },
    },
  });
  const preset = values.preset;
  if (preset !== 'strict' && preset !== 'recommended') throw new Error(`--preset must be \`strict\` or \`recommended\`, not \`${preset}\`.`);
  const options: CheckOptions = { preset, coreRule: true, checkFixes: true };
  const root = repoRoot();
  const pluginPath = path.resolve(values.plugin ?? path.join(root, 'eslint-plugin/dist/index.js'));
  if (!existsSync(pluginPath)) throw new Error(`${pluginPath} is missing: run \`npm run build\` first.`);
  if (values.file) {
    checkFiles(values.file, pluginPath, options);
    return;
  }
  const precisionSet = values.precision ? values['precision-set'] : undefined;
  if (precisionSet !== undefined && !PRECISION_SETS[precisionSet]) {
    throw new Error(`--precision-set must be one of ${Object.keys(PRECISION_SETS).join(', ')}, not \`${precisionSet}\`.`);
  }
  const limit = values.limit ? Number(values.limit) : Infinity;

  const sets: Array<{ name: CorpusSet; jobs: Job[] }> = [];
  if (!values['node-modules-only']) {
    const fetched = await fetchCorpus(precisionSet ? PRECISION_SETS[precisionSet] : CORPUS, (line) => console.log(line));
    // Recommended as users meet it: test code left out by its path in the package (the rules see a bare name).
    // The strict run lints everything, for crashes (`createChecker` turns on `lintTestFiles` for it).
    const linted = (pkg: FetchedPackage, file: string): boolean => preset !== 'recommended' || !isTestFile(path.relative(pkg.dir, file));
    const jobs = fetched.flatMap((pkg) =>
      listSourceFiles(pkg.dir, { skipNodeModules: true }).filter((file) => linted(pkg, file)).map((file) => ({
        file,
        display: `${pkg.name}@${pkg.version}/${path.relative(pkg.dir, file)}`,
        group: `${pkg.name}@${pkg.version}`,
        sourceType: sourceTypeOf(file),
      })),
    );
    sets.push({ name: values.precision ? 'precision' : 'packages', jobs: jobs.slice(0, limit) });
  }
  if (!values['packages-only'] && !values.precision) {
    const jobs = listSourceFiles(path.join(root, 'node_modules')).map((file) => ({
      file,
      display: path.relative(root, file),
      group: packageOfNodeModulesFile(file),
      sourceType: sourceTypeOf(file),
    }));
    sets.push({ name: 'node_modules', jobs: jobs.slice(0, limit) });
  }

  const summaries = [];
  for (const set of sets) {
    console.log(`\n${set.name}: linting ${set.jobs.length} files with ${values.workers} workers…`);
    const started = performance.now();
    const results = await runPool(set.jobs, {
      script: __filename,
      pluginPath,
      options,
      workers: Number(values.workers),
      fileTimeoutMs: Number(values['file-timeout']) * 1000,
      onResult: (result, done) => {
        for (const crash of result.crashes) console.log(`  CRASH ${crash.rule} in ${result.file}: ${crash.message}`);
        for (const broken of result.brokenFixes) console.log(`  UNPARSABLE ${broken.rule} ${broken.edit} at ${result.file}:${broken.line}: ${broken.error}`);
        if (done % 1000 === 0) console.log(`  ${done}/${set.jobs.length} files`);
      },
    });
    const wallMs = performance.now() - started;
    summaries.push(summarise(set.name, set.jobs, results, wallMs));
  }

  const { markdown, json, console: lines } = writeReport(summaries, { pluginPath, root, preset, precisionSet });
  console.log(`\n${lines.join('\n')}\n\nReport: ${path.relative(root, markdown)} and ${path.relative(root, json)}`);
  const failures = summaries.reduce((sum, s) => sum + s.crashes.length + s.brokenFixes.length, 0);
  if (failures > 0) process.exitCode = 1;
}

/** Reproduces the harness's verdict on single files, with each rule's time. */
function checkFiles(files: string[], pluginPath: string, options: CheckOptions): void {
  const check = loadChecker(pluginPath, options);
  for (const file of files) {
    const result = check({ file: path.resolve(file), display: file, group: '', sourceType: sourceTypeOf(path.resolve(file)) });
    console.log(`\n${file} (${result.bytes} bytes): parse ${result.times.parse.toFixed(0)} ms, whole lint ${result.times.total.toFixed(0)} ms`);
    if (result.parseError) console.log(`  parser error: ${result.parseError}`);
    for (const [rule, ms] of Object.entries(result.times.rules).sort(([, a], [, b]) => b - a)) console.log(`  ${rule}: ${ms.toFixed(0)} ms`);
    for (const crash of result.crashes) console.log(`  CRASH ${crash.rule}: ${crash.stack}`);
    for (const broken of result.brokenFixes) console.log(`  UNPARSABLE ${broken.rule} ${broken.edit} (line ${broken.line}, ${broken.check}): ${broken.error}\n${broken.excerpt}`);
    for (const finding of result.findings) console.log(`  ${finding.line}:${finding.column} ${finding.rule}: ${finding.message}`);
  }
}
