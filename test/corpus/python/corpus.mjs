// `npm run corpus:python`: a Python corpus of async-heavy published packages, fetched with
// `pip download` (pinned, cached under .cache/python-corpus), linted with the recommended and
// strict presets. Prints crashes, parse errors, findings per rule, lint time per 10,000 lines
// and the editor's latency on a 2,000-line file; re-parses every suggestion's output; runs ruff's
// ASYNC110 (installed with pip into the cache) beside our no-busy-wait; writes every finding with
// its code to test-results/python-corpus/findings.md for judging.
//
// Options: --limit N (files), --package NAME (repeatable).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { lintLoaded, prepare, applyEdits } = createRequire(import.meta.url)(path.join(root, 'python/dist/index.js'));

/** Async-heavy libraries and applications, pinned to the versions the package index serves. */
export const PACKAGES = [
  ['aiohttp', '3.14.3'], ['httpx', '0.28.1'], ['httpcore', '1.0.9'], ['asyncpg', '0.31.0'], ['redis', '8.1.0'],
  ['motor', '3.7.1'], ['websockets', '15.0.1'], ['starlette', '1.7.0'], ['uvicorn', '0.54.0'], ['fastapi', '0.142.2'],
  ['anyio', '4.15.1'], ['aiosqlite', '0.22.1'], ['aiomysql', '0.3.2'], ['nats-py', '2.15.0'], ['apscheduler', '3.11.3'],
  ['openai', '2.54.0'], ['langgraph', '1.2.12'], ['langgraph-checkpoint', '4.2.0'], ['mcp', '2.3.0'], ['aiofiles', '25.1.0'],
  ['aiomqtt', '2.5.1'], ['async-lru', '2.3.0'], ['anthropic', '1.13.0'], ['fastmcp', '4.0.10'], ['sse-starlette', '3.5.0'],
  ['celery', '5.6.3'], ['langchain-core', '1.6.5'], ['pymongo', '4.18.2'], ['tornado', '6.5.10'], ['google-genai', '2.25.0'],
];
const RUFF = ['ruff', '0.16.9'];

const { values } = parseArgs({ options: { limit: { type: 'string' }, package: { type: 'string', multiple: true } } });
const cache = path.join(root, '.cache', 'python-corpus');
const wheels = path.join(cache, 'wheels');
const sources = path.join(cache, 'src');
const outDir = path.join(root, 'test-results', 'python-corpus');
mkdirSync(wheels, { recursive: true });
mkdirSync(outDir, { recursive: true });

function pip(args) {
  return spawnSync('python3', ['-m', 'pip', ...args], { encoding: 'utf8' });
}

/** Downloads (once) and unpacks one pinned package; returns its source folder or null. */
function fetchPackage(name, version) {
  const folder = path.join(sources, `${name}-${version}`);
  if (existsSync(folder)) return folder;
  const normalised = name.replace(/-/g, '_').toLowerCase();
  const find = () => readdirSync(wheels).find((file) => file.toLowerCase().replace(/-/g, '_').startsWith(`${normalised}_${version}`) || file.toLowerCase().startsWith(`${normalised}-${version}`));
  if (!find()) {
    const result = pip(['download', '--quiet', '--no-deps', '--dest', wheels, `${name}==${version}`]);
    if (result.status !== 0 || !find()) {
      console.log(`skipped ${name}==${version}: pip could not fetch it (${(result.stderr || '').trim().split('\n').at(-1) ?? ''})`);
      return null;
    }
  }
  const archive = path.join(wheels, find());
  mkdirSync(folder, { recursive: true });
  if (archive.endsWith('.whl') || archive.endsWith('.zip')) execFileSync('unzip', ['-q', '-o', archive, '-d', folder]);
  else execFileSync('tar', ['-xzf', archive, '-C', folder]);
  return folder;
}

function pythonFiles(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...pythonFiles(full));
    else if (entry.name.endsWith('.py') && statSync(full).size < 2_000_000) found.push(full);
  }
  return found.sort();
}

const selected = values.package ? PACKAGES.filter(([name]) => values.package.includes(name)) : PACKAGES;
const folders = [];
for (const [name, version] of selected) {
  const folder = fetchPackage(name, version);
  if (folder) folders.push([`${name}==${version}`, folder]);
}
let files = folders.flatMap(([pkg, folder]) => pythonFiles(folder).map((file) => [pkg, file]));
if (values.limit) files = files.slice(0, Number(values.limit));

await prepare();
let lines = 0;
let crashes = 0;
let parseErrors = 0;
let elapsed = 0;
let suggestions = 0;
let brokenSuggestions = 0;
const findings = { recommended: [], strict: [] };
for (const [pkg, file] of files) {
  const text = readFileSync(file, 'utf8');
  lines += text.split('\n').length;
  for (const preset of ['recommended', 'strict']) {
    // CPU time, not wall time: this machine's cores are shared, and waiting for them is not our cost.
    const started = process.cpuUsage();
    try {
      const problems = lintLoaded(text, { preset });
      const used = process.cpuUsage(started);
      if (preset === 'recommended') elapsed += (used.user + used.system) / 1000;
      for (const problem of problems) {
        if (problem.fatal) {
          if (preset === 'recommended') parseErrors++;
          continue;
        }
        findings[preset].push({ pkg, file, text, problem });
        for (const suggestion of problem.suggestions) {
          suggestions++;
          const fixed = applyEdits(text, suggestion.edits);
          if (lintLoaded(fixed, { preset }).some((after) => after.fatal)) {
            brokenSuggestions++;
            console.log(`SUGGESTION DOES NOT PARSE ${path.relative(sources, file)}:${problem.line} ${problem.ruleId}: ${suggestion.title}`);
          }
        }
      }
    } catch (error) {
      crashes++;
      console.log(`CRASH ${path.relative(cache, file)} (${preset}): ${error.stack?.split('\n').slice(0, 3).join(' | ')}`);
    }
  }
}

// The editor's latency: one check of a 2,000-line file (whole modules of the corpus joined), median of 15.
{
  let joined = '';
  for (const [, file] of files) {
    if (joined.split('\n').length >= 2000) break;
    joined += `${readFileSync(file, 'utf8')}\n`;
  }
  const text = joined.split('\n').slice(0, 2000).join('\n');
  const times = [];
  for (let i = 0; i < 15; i++) {
    const started = process.cpuUsage();
    lintLoaded(text, { preset: 'recommended' });
    const used = process.cpuUsage(started);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  console.log(`check() of a 2,000-line file: median ${times[7].toFixed(1)} ms CPU (min ${times[0].toFixed(1)}, max ${times[14].toFixed(1)})`);
}

const byRule = (list) => Object.entries(list.reduce((counts, { problem }) => ({ ...counts, [problem.ruleId]: (counts[problem.ruleId] ?? 0) + 1 }), {})).map(([id, n]) => `${id} ${n}`).join(', ') || 'none';
console.log(`packages: ${folders.length} of ${selected.length}; files: ${files.length}; lines: ${lines}`);
console.log(`crashes: ${crashes}; files that do not parse: ${parseErrors}; suggestion outputs: ${suggestions}, of which do not parse: ${brokenSuggestions}`);
console.log(`recommended findings: ${findings.recommended.length} (${byRule(findings.recommended)})`);
const strictOnly = findings.strict.filter((s) => !findings.recommended.some((r) => r.file === s.file && r.problem.line === s.problem.line && r.problem.ruleId === s.problem.ruleId));
console.log(`strict adds: ${strictOnly.length} (${byRule(strictOnly)})`);
console.log(`lint CPU time (recommended, parse included): ${elapsed.toFixed(0)} ms for ${lines} lines = ${((elapsed / lines) * 10_000).toFixed(1)} ms per 10,000 lines`);

function excerpt(text, line) {
  const all = text.split('\n');
  return all.slice(Math.max(0, line - 8), line + 4).map((code, index) => `${String(Math.max(1, line - 7) + index).padStart(5)}${Math.max(1, line - 7) + index === line ? '>' : ' '} ${code}`).join('\n');
}
const report = [];
for (const [preset, list] of [['recommended', findings.recommended], ['strict only', strictOnly]]) {
  report.push(`# ${preset} findings (${list.length})`, '');
  for (const { pkg, file, text, problem } of list) {
    report.push(`## ${problem.ruleId} — ${pkg} ${path.relative(sources, file)}:${problem.line}`, '', problem.message, '', '```python', excerpt(text, problem.line), '```', '');
  }
}
writeFileSync(path.join(outDir, 'findings.md'), report.join('\n'));

// ruff's ASYNC110 over the same files, beside our no-busy-wait.
const tools = path.join(cache, 'tools');
const ruff = path.join(tools, 'bin', 'ruff');
if (!existsSync(ruff)) pip(['install', '--quiet', '--target', tools, `${RUFF[0]}==${RUFF[1]}`]);
if (existsSync(ruff)) {
  const run = spawnSync(ruff, ['check', '--isolated', '--no-cache', '--select', 'ASYNC110', '--output-format', 'json', ...folders.map(([, folder]) => folder)], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const inCorpus = new Set(files.map(([, file]) => file));
  const theirs = JSON.parse(run.stdout || '[]').filter((item) => inCorpus.has(item.filename)).map((item) => `${item.filename}:${item.location.row}`);
  const ours = findings.recommended.filter(({ problem }) => problem.ruleId === 'no-busy-wait').map(({ file, problem }) => `${file}:${problem.line}`);
  const rel = (entry) => path.relative(sources, entry);
  console.log(`ruff ${RUFF[1]} ASYNC110: ${theirs.length}; our no-busy-wait: ${ours.length}`);
  console.log(`  only ruff: ${theirs.filter((entry) => !ours.includes(entry)).map(rel).join(', ') || 'none'}`);
  console.log(`  only ours: ${ours.filter((entry) => !theirs.includes(entry)).map(rel).join(', ') || 'none'}`);
  console.log(`  both:      ${ours.filter((entry) => theirs.includes(entry)).map(rel).join(', ') || 'none'}`);
} else console.log(`skipped ruff ASYNC110: pip could not install ruff==${RUFF[1]}`);
console.log(`findings with code: ${path.relative(root, path.join(outDir, 'findings.md'))}`);
process.exitCode = crashes > 0 || brokenSuggestions > 0 ? 1 : 0;
