// The packaged extension in a real VS Code (code-server 4.139 = VS Code 1.139), driven through
// Debian's Chromium like a user would. Run with `npm run test:e2e` (test/e2e/run.sh), which
// installs code-server, packages the .vsix and sets the environment this file reads.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bigFile, expectedReports } from './big-file';
import { startCodeServer, type CodeServer } from './code-server';
import { ACTION_MENU, Workbench, type Problem } from './workbench';

const root = path.resolve(__dirname, '../..');
const workspace = path.join(root, 'test/e2e/workspace');
const artifacts = path.join(root, 'test-results/e2e');
const docImages = path.join(root, 'rules-docs/images');
const BIG_FILE_LINES = 5_000;
const bigText = bigFile(BIG_FILE_LINES);
const EXPECT_NOTE = / *\/\/ expect: [\w-]+$/gm;

/** The user settings of the throwaway profile: no welcome page, chat or tips over the editor. */
const SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'editor.minimap.enabled': false,
  'editor.hover.delay': 300,
  // The web workbench saves after a second by default: edits stay unsaved until a scenario saves
  // or reverts them.
  'files.autoSave': 'off',
  // Typed text stays as typed: no suggestion takes an Enter.
  'editor.acceptSuggestionOnEnter': 'off',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.suggestOnTriggerCharacters': false,
  'editor.wordBasedSuggestions': 'off',
};

let server: CodeServer;
let browser: Browser;
let workbench: Workbench;
const timings: Record<string, number> = {};

beforeAll(async () => {
  const vsix = process.env.INTERLEAVE_E2E_VSIX;
  if (!vsix || !existsSync(vsix)) throw new Error(`INTERLEAVE_E2E_VSIX (${vsix}) is not a packaged extension: run \`npm run test:e2e\`.`);
  mkdirSync(artifacts, { recursive: true });
  let start = Date.now();
  server = await startCodeServer({ vsix, workspace, settings: SETTINGS });
  writeFileSync(path.join(server.folder, 'big.ts'), bigText);
  // The editor gets the code without its `// expect:` notes, as a user's file would be (and the
  // screenshots show); the lines stay where they were.
  for (const file of readdirSync(server.folder).filter((name) => name.endsWith('.ts'))) {
    const where = path.join(server.folder, file);
    writeFileSync(where, readFileSync(where, 'utf8').replace(EXPECT_NOTE, ''));
  }
  timings.installAndStartMs = Date.now() - start;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  start = Date.now();
  workbench = await Workbench.open(browser, server.url);
  timings.workbenchLoadMs = Date.now() - start;
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  mkdirSync(artifacts, { recursive: true });
  writeFileSync(path.join(artifacts, 'timings.json'), `${JSON.stringify(timings, null, 2)}\n`);
  console.log(`e2e timings (ms): ${JSON.stringify(timings)}`);
});

/** Runs one scenario; on failure saves a screenshot and adds the extension host's log to the error. */
function scenario(name: string, body: () => Promise<void>): void {
  it(name, async () => {
    try {
      await body();
    } catch (error) {
      const slug = name.replace(/\W+/g, '-').toLowerCase();
      await workbench?.page.screenshot({ path: path.join(artifacts, `failed-${slug}.png`) }).catch(() => undefined);
      // An edit left unsaved would make the next scenario's "Close All Editors" ask to save it.
      await workbench?.page.keyboard.press('Escape').catch(() => undefined);
      await workbench?.command('File: Revert File').catch(() => undefined);
      if (error instanceof Error) error.message += `\n\nextension host log:\n${extensionHostLog()}`;
      throw error;
    }
  });
}

/** The pid of the extension's lint worker: the process running its worker.js from the installed extension. */
function lintWorkerPid(): number | null {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let commandLine: string;
    try {
      commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
    } catch {
      continue;
    }
    const args = commandLine.split('\0');
    if (args.some((arg) => arg.startsWith(server.extensionsDir) && arg.endsWith('worker.js')) && args.includes('--interleave-worker') && args.includes('lint')) {
      return Number(entry);
    }
  }
  return null;
}

/**
 * Measures, in the page, each keystroke's echo: from the keydown to the frame after the editor's
 * text changed. `stop()` gives the samples (ms).
 */
async function startEchoProbe(): Promise<{ stop(): Promise<number[]> }> {
  await workbench.page.locator('body').evaluate((body) => {
    const view = body.ownerDocument.defaultView;
    const probe = { samples: [] as number[], pending: null as number | null, observer: null as { disconnect(): void } | null };
    view.interleaveEcho = probe;
    body.ownerDocument.addEventListener('keydown', (event: { key: string }) => {
      if (event.key.length === 1 || event.key === 'Enter') probe.pending = view.performance.now();
    }, true);
    const observer = new view.MutationObserver(() => {
      const pressed = probe.pending;
      if (pressed === null) return;
      probe.pending = null;
      view.requestAnimationFrame(() => probe.samples.push(view.performance.now() - pressed));
    });
    observer.observe(body.ownerDocument.querySelector('.part.editor .editor-group-container.active .view-lines'), { subtree: true, childList: true, characterData: true });
    probe.observer = observer;
  });
  return {
    stop: () =>
      workbench.page.locator('body').evaluate((body): number[] => {
        const probe = body.ownerDocument.defaultView.interleaveEcho;
        probe.observer.disconnect();
        return probe.samples;
      }),
  };
}

function percentile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
}

function extensionHostLog(): string {
  if (!server || !existsSync(server.logsDir)) return '(none)';
  const texts = readdirSync(server.logsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('remoteexthost.log'))
    .map((file) => readFileSync(path.join(server.logsDir, file), 'utf8'));
  return texts.join('\n').split('\n').filter((line) => /interleave|error/i.test(line)).slice(-40).join('\n') || '(nothing about interleave)';
}

/** Our diagnostics for `file` as the Problems panel lists them: `line:rule`, sorted. */
async function ourProblems(file: string): Promise<string[]> {
  const rows = await workbench.problems();
  return rows
    .filter((row: Problem) => row.file === file && row.source === 'interleave')
    .map((row) => `${row.line}:${row.code}`)
    .sort();
}

function expectedIn(file: string): string[] {
  return expectedReports(readFileSync(path.join(workspace, file), 'utf8'))
    .map(({ line, rule }) => `${line}:${rule}`)
    .sort();
}

/** Saves a README image (only when asked: INTERLEAVE_E2E_DOC_IMAGES=1) from a test artifact. */
function publish(artifact: string, image: string): void {
  if (process.env.INTERLEAVE_E2E_DOC_IMAGES !== '1') return;
  mkdirSync(docImages, { recursive: true });
  copyFileSync(path.join(artifacts, artifact), path.join(docImages, image));
}

/** The plain text of a markdown fragment, as the hover renders it. */
function plain(markdown: string): string {
  return markdown
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*`]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

describe.sequential('Interleave in VS Code 1.139 (code-server)', () => {
  scenario('1. a racy file shows our diagnostics in the Problems panel and as squiggles', async () => {
    const expected = expectedIn('counter.ts');
    expect(expected).toHaveLength(2);
    const start = Date.now();
    await workbench.openFile('counter.ts');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 60_000, interval: 250 }).toEqual(expected);
    timings.firstDiagnosticsMs = Date.now() - start;
    // The file's count in the panel: ours, and nothing from TypeScript.
    expect(await workbench.problemCount('counter.ts')).toBe(expected.length);
    const rows = (await workbench.problems()).filter((row) => row.file === 'counter.ts');
    expect(rows.every((row) => row.message.length > 20 && /line \d+/.test(row.message))).toBe(true);
    await expect.poll(() => workbench.squiggleLines(), { timeout: 10_000 }).toEqual(expected.map((entry) => Number(entry.split(':')[0])));
    await workbench.page.screenshot({ path: path.join(artifacts, '1-diagnostics.png') });
  });

  scenario('2. hovering `new Mutex()` shows the Lock card', async () => {
    await workbench.openFile('account.ts');
    const card = await workbench.hover(workbench.token('new Mutex()', 'Mutex'));
    const lock = readFileSync(path.join(root, 'rules-docs/primitives/lock.md'), 'utf8');
    const mutexNote = /^### mutex\n([\s\S]*?)\n\n/m.exec(lock)?.[1];
    const chooseWhen = /^\*\*Choose it when\*\*.*$/m.exec(lock)?.[0];
    expect(mutexNote, 'lock.md has a `### mutex` note').toBeTruthy();
    expect(chooseWhen, 'lock.md says when to choose a lock').toBeTruthy();
    await expect.poll(async () => plain(await card.innerText()), { timeout: 10_000 }).toContain(plain(mutexNote!));
    const text = plain(await card.innerText());
    expect(text).toContain(plain(chooseWhen!));
    expect(text).toContain('no-read-await-write-race');
    await workbench.page.screenshot({ path: path.join(artifacts, '2-hover.png') });
    await workbench.page.screenshot({ path: path.join(artifacts, 'hover-lock-card.png'), clip: await workbench.clipAround(card) });
    publish('hover-lock-card.png', 'hover-lock-card.png');
    await workbench.page.mouse.move(1, 1);
    await workbench.page.keyboard.press('Escape');
  });

  scenario('3. "Wrap in lock" from the lightbulb fixes the race and the diagnostic goes away', async () => {
    const [race] = expectedIn('wallet.ts');
    expect(race).toBe('9:no-read-await-write-race');
    await workbench.openFile('wallet.ts');
    await expect.poll(() => ourProblems('wallet.ts'), { timeout: 60_000, interval: 250 }).toEqual([race]);
    // The whole editor height for the menu (and the README image); Problems comes back below.
    await workbench.command('View: Hide Panel');
    // From the cursor on the reported line, nothing selected, the lightbulb has it too.
    await workbench.goTo(9, 5);
    expect(await workbench.codeActions()).toContain('Wrap in lock');
    await workbench.page.keyboard.press('Escape');
    await workbench.page.locator(ACTION_MENU).waitFor({ state: 'hidden' });
    // The statements from the read (line 7) to the write (line 9).
    await workbench.selectLines(7, 9);
    const offered = await workbench.codeActions();
    expect(offered).toContain('Wrap in lock');
    const menu = workbench.page.locator(ACTION_MENU);
    await workbench.page.screenshot({ path: path.join(artifacts, '3-quick-fix.png') });
    await workbench.page.screenshot({ path: path.join(artifacts, 'quick-fix-wrap-in-lock.png'), clip: await workbench.clipAround(menu) });
    publish('quick-fix-wrap-in-lock.png', 'quick-fix-wrap-in-lock.png');
    const file = path.join(server.folder, 'wallet.ts');
    const racy = readFileSync(file, 'utf8');
    await workbench.chooseCodeAction('Wrap in lock');
    // VS Code saves the files a refactoring edits (`files.refactoring.autoSave`); save if not.
    const edited = async () => readFileSync(file, 'utf8') !== racy || (await workbench.page.locator('.part.editor .tab.active.dirty').count()) > 0;
    await expect.poll(edited, { timeout: 10_000 }).toBe(true);
    await workbench.saveIfDirty();
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).not.toBe(racy);

    const fixed = readFileSync(file, 'utf8');
    expect(fixed).toMatch(/^import \{ Mutex \} from 'async-mutex';$/m);
    const lockName = /^const (\w+) = new Mutex\(\);$/m.exec(fixed)?.[1];
    expect(lockName, `a module-level lock in:\n${fixed}`).toBeTruthy();
    const section = fixed.indexOf(`await ${lockName}.runExclusive(async () => {`);
    expect(section, fixed).toBeGreaterThan(0);
    const order = ['const before = total;', 'await persist(before + amount);', 'total = before + amount;', 'return total;'].map((code) =>
      fixed.indexOf(code),
    );
    expect(order.every((at, index) => at > section && (index === 0 || at > order[index - 1]!)), fixed).toBe(true);
    // Ours are gone, and TypeScript finds nothing wrong with the edit either.
    await expect.poll(() => workbench.problemCount('wallet.ts'), { timeout: 30_000, interval: 250 }).toBe(0);
    await expect.poll(() => workbench.squiggleLines(), { timeout: 10_000 }).toEqual([]);
    await workbench.page.screenshot({ path: path.join(artifacts, '3-after-fix.png') });
  });

  scenario('4. `interleave.diagnostics` off clears the diagnostics, on brings them back', async () => {
    const expected = expectedIn('counter.ts');
    await workbench.openFile('counter.ts');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(expected);
    await workbench.setEnumSetting('interleave.diagnostics', 'off', server.settingsFile);
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual([]);
    await expect.poll(() => workbench.squiggleLines(), { timeout: 10_000 }).toEqual([]);
    await workbench.setEnumSetting('interleave.diagnostics', 'on', server.settingsFile);
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(expected);
    await expect.poll(() => workbench.squiggleLines(), { timeout: 10_000 }).toEqual(expected.map((entry) => Number(entry.split(':')[0])));
  });

  scenario(`5. a ${BIG_FILE_LINES.toLocaleString('en')}-line file gets its diagnostics and the editor keeps responding`, async () => {
    const expected = expectedReports(bigText).length;
    expect(bigText.split('\n').length).toBeGreaterThanOrEqual(BIG_FILE_LINES);
    await workbench.command('View: Close All Editors');
    // The longest gap between rendered frames while the file opens, is linted and is edited.
    await workbench.page.locator('body').evaluate((body) => {
      const view = body.ownerDocument.defaultView;
      const state = { last: view.performance.now(), longest: 0 };
      view.interleaveFrameGaps = state;
      const tick = (now: number) => {
        state.longest = Math.max(state.longest, now - state.last);
        state.last = now;
        view.requestAnimationFrame(tick);
      };
      view.requestAnimationFrame(tick);
    });

    let start = Date.now();
    await workbench.openFile('big.ts');
    timings.bigFileOpenMs = Date.now() - start;
    await expect.poll(async () => (await workbench.squiggleLines()).length, { timeout: 120_000, interval: 100 }).toBeGreaterThan(0);
    timings.bigFileFirstSquiggleMs = Date.now() - start;
    await expect.poll(() => workbench.problemCount('big.ts'), { timeout: 120_000, interval: 250 }).toBe(expected);
    timings.bigFileAllDiagnosticsMs = Date.now() - start;

    // Typing stays immediate while the extension host lints the edited file again.
    await workbench.goTo(3, 1);
    start = Date.now();
    await workbench.page.keyboard.type('// edited\n');
    await workbench.page.locator('.part.editor .view-line', { hasText: '// edited' }).waitFor();
    timings.bigFileKeystrokeEchoMs = Date.now() - start;
    // And the extension host still answers a hover while that lint runs.
    start = Date.now();
    const card = await workbench.hover(workbench.token('new Mutex()', 'Mutex'));
    // Ours answers once the query worker has parsed the edited version (TypeScript's part may show first).
    await expect.poll(() => card.innerText(), { timeout: 30_000, interval: 50 }).toContain('Lock');
    timings.bigFileHoverDuringRelintMs = Date.now() - start;
    await workbench.page.mouse.move(1, 1);
    // The edit moved every report one line down; the count stays.
    const firstRace = expectedReports(bigText)[0]!.line + 1;
    await expect
      .poll(async () => (await workbench.problems()).some((row) => row.file === 'big.ts' && row.line === firstRace), { timeout: 60_000, interval: 250 })
      .toBe(true);
    await expect.poll(() => workbench.problemCount('big.ts'), { timeout: 60_000, interval: 250 }).toBe(expected);
    timings.bigFileLongestFrameGapMs = Math.round(
      await workbench.page.locator('body').evaluate((body): number => body.ownerDocument.defaultView.interleaveFrameGaps.longest),
    );
    timings.bigFileDiagnostics = expected;
    await workbench.command('File: Revert File');
  });

  scenario('6. typing inside a function moves the other diagnostics and renumbers their messages', async () => {
    const expected = expectedIn('counter.ts');
    expect(expected).toEqual(['13:no-read-await-write-race', '17:no-unawaited-acquire']);
    await workbench.command('View: Close All Editors');
    await workbench.openFile('counter.ts');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(expected);
    const raceMessage = async (): Promise<string | undefined> =>
      (await workbench.problems()).find((row) => row.file === 'counter.ts' && row.code === 'no-read-await-write-race')?.message;
    expect(await raceMessage()).toContain('read on line 11, before the `await` on line 12');
    // A new first statement in `increment`'s body (the editor indents it): an edit inside a function.
    await workbench.goTo(10, 1);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type('await tick();');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(['14:no-read-await-write-race', '18:no-unawaited-acquire']);
    await expect.poll(raceMessage, { timeout: 10_000 }).toContain('read on line 12, before the `await` on line 13');
    await expect.poll(() => workbench.squiggleLines(), { timeout: 10_000 }).toEqual([14, 18]);
    // Reverted to the saved text, everything is back where it was. (Not Ctrl+Z: how many undo
    // stops the typing makes depends on its timing, which a loaded machine changes.)
    await workbench.command('File: Revert File');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(expected);
    await expect.poll(raceMessage, { timeout: 10_000 }).toContain('read on line 11, before the `await` on line 12');
    await workbench.saveIfDirty();
  });

  scenario(`7. typing fast into the ${BIG_FILE_LINES.toLocaleString('en')}-line file shows the last version's diagnostics only, and echoes each keystroke quickly`, async () => {
    const expected = expectedReports(bigText).length;
    await workbench.command('View: Close All Editors');
    await workbench.openFile('big.ts');
    // Back to the saved text (scenario 5 left an edit).
    await workbench.command('File: Revert File');
    await expect.poll(() => workbench.problemCount('big.ts'), { timeout: 120_000, interval: 250 }).toBe(expected);
    const [firstRace] = expectedReports(bigText);
    expect(bigText.split('\n')[firstRace!.line - 1]).toContain('counter0 = temp + 1;');
    // A second read-await-write of `counter0` after the first one's write, typed fast: the versions
    // in between parse or not, race or not; only the last one's diagnostics may stay.
    await workbench.goTo(firstRace!.line, 1);
    await workbench.page.keyboard.press('End');
    const echo = await startEchoProbe();
    await workbench.page.keyboard.type('\nconst again = counter0;\nawait tick();\ncounter0 = again + 1;', { delay: 25 });
    const samples = await echo.stop();
    timings.bigFileEchoKeystrokes = samples.length;
    timings.bigFileEchoMedianMs = percentile(samples, 0.5);
    timings.bigFileEchoP95Ms = percentile(samples, 0.95);
    const added = firstRace!.line + 3;
    const raceAt = async (line: number): Promise<string | undefined> =>
      (await workbench.problems()).find((row) => row.file === 'big.ts' && row.line === line && row.code === 'no-read-await-write-race')?.message;
    await expect.poll(() => raceAt(added), { timeout: 60_000, interval: 250 }).toContain(`read on line ${firstRace!.line + 1}, before the \`await\` on line ${firstRace!.line + 2}`);
    await expect.poll(() => workbench.problemCount('big.ts'), { timeout: 60_000, interval: 250 }).toBe(expected + 1);
    // And it stays so: no answer for an older version arrives later.
    await workbench.page.waitForTimeout(3_000);
    expect(await workbench.problemCount('big.ts')).toBe(expected + 1);
    expect(await raceAt(firstRace!.line)).toBeDefined();
    await workbench.command('File: Revert File');
  });

  scenario('8. a killed lint worker is restarted, the output says so, and diagnostics follow edits again', async () => {
    const expected = expectedIn('counter.ts');
    await workbench.command('View: Close All Editors');
    await workbench.openFile('counter.ts');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(expected);
    await expect.poll(() => workbench.page.locator('.part.statusbar .statusbar-item', { hasText: `Interleave: ${expected.length}` }).count(), { timeout: 10_000 }).toBe(1);
    const pid = lintWorkerPid();
    expect(pid, 'the lint worker runs').not.toBeNull();
    process.kill(pid!, 'SIGKILL');
    // The status bar item opens the output, which tells what happened.
    await workbench.page.locator('.part.statusbar .statusbar-item', { hasText: 'Interleave' }).first().click();
    await workbench.page
      .locator('.part.panel .view-lines', { hasText: `the lint worker (pid ${pid}) exited (signal SIGKILL); restarting it.` })
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => lintWorkerPid(), { timeout: 60_000, interval: 250 }).not.toBe(pid);
    // A fresh worker lints the edit: a new first statement in `increment` moves both diagnostics.
    await workbench.goTo(10, 1);
    await workbench.page.keyboard.press('End');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.type('await tick();');
    const moved = expected.map((entry) => `${Number(entry.split(':')[0]) + 1}:${entry.split(':')[1]}`);
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 60_000, interval: 250 }).toEqual(moved);
    await workbench.command('File: Revert File');
    await expect.poll(() => ourProblems('counter.ts'), { timeout: 30_000, interval: 250 }).toEqual(expected);
  });

  scenario('9. a racy Python file: the diagnostic, the `async with` quick fix, and the asyncio Lock card on hover', async () => {
    await workbench.command('View: Close All Editors');
    const file = path.join(server.folder, 'inventory.py');
    const racy = readFileSync(file, 'utf8');
    const start = Date.now();
    await workbench.openFile('inventory.py');
    await expect.poll(() => ourProblems('inventory.py'), { timeout: 60_000, interval: 250 }).toEqual(['11:no-read-await-write-race']);
    timings.pythonFirstDiagnosticsMs = Date.now() - start;
    const [row] = (await workbench.problems()).filter((candidate) => candidate.file === 'inventory.py');
    expect(row!.message).toContain('`self.stock` was read on line 9');
    await workbench.goTo(11, 9);
    const offered = await workbench.codeActions();
    expect(offered).toEqual(['Wrap lines 9–11 in `async with self._lock:`', 'Disable for this line', 'Show documentation']);
    await workbench.page.screenshot({ path: path.join(artifacts, '9-python-quick-fix.png') });
    await workbench.chooseCodeAction('async with self._lock:');
    const edited = async () => readFileSync(file, 'utf8') !== racy || (await workbench.page.locator('.part.editor .tab.active.dirty').count()) > 0;
    await expect.poll(edited, { timeout: 10_000 }).toBe(true);
    await workbench.saveIfDirty();
    await expect.poll(() => readFileSync(file, 'utf8'), { timeout: 10_000 }).toBe(
      racy
        .replace('        self.stock = 0\n', '        self.stock = 0\n        self._lock = asyncio.Lock()\n')
        .replace(/( {8}before = [\s\S]*)$/, (body) => `        async with self._lock:\n${body.replace(/^ {8}/gm, '            ')}`),
    );
    await expect.poll(() => ourProblems('inventory.py'), { timeout: 30_000, interval: 250 }).toEqual([]);

    // Hovering the lock the fix made: the asyncio note first, then the shared Lock card.
    const lock = readFileSync(path.join(root, 'rules-docs/primitives/lock.md'), 'utf8');
    const asyncioNote = /^### asyncio-lock\n([\s\S]*?)\n\n/m.exec(lock)?.[1];
    expect(asyncioNote, 'lock.md has a `### asyncio-lock` note').toBeTruthy();
    const lockLine = readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes('asyncio.Lock()')) + 1;
    const card = await workbench.hoverAt(lockLine, readFileSync(file, 'utf8').split('\n')[lockLine - 1]!.indexOf('Lock()') + 2);
    await expect.poll(async () => plain(await card.innerText()), { timeout: 10_000 }).toContain(plain(asyncioNote!));
    const text = plain(await card.innerText());
    expect(text.indexOf(plain(asyncioNote!))).toBeLessThan(text.indexOf('asyncio Lock · one task at a time'));
    await workbench.page.screenshot({ path: path.join(artifacts, '9-python-hover.png') });
    await workbench.page.mouse.move(1, 1);
    await workbench.page.keyboard.press('Escape');
  });
});
