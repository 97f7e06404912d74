import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../python/src/cli';
import { py } from './helpers';

const RACY = py`
  import asyncio
  counter = 0

  async def bump():
      global counter
      seen = counter
      await asyncio.sleep(0)
      counter = seen + 1
`;
const CLEAN = 'import asyncio\n\nasync def f():\n    await asyncio.sleep(0)\n';
const UNAWAITED = 'import asyncio\nlock = asyncio.Lock()\n\nasync def f():\n    lock.acquire()\n';

/** Runs the CLI in-process; returns its exit status and what it wrote. */
async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { write: (chunk: string) => ((out += chunk), true) } as never, { write: (chunk: string) => ((err += chunk), true) } as never);
  return { code, out, err };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'interleave-py-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('interleave-py', () => {
  it('exits 0 on clean code and prints nothing', async () => {
    const dir = project({ 'app/clean.py': CLEAN });
    expect(await run([dir])).toEqual({ code: 0, out: '', err: '' });
  });

  it('exits 1 with stylish output naming file, position, message and rule', async () => {
    const dir = project({ 'racy.py': RACY });
    const { code, out } = await run([path.join(dir, 'racy.py')]);
    expect(code).toBe(1);
    expect(out).toContain(`${path.join(dir, 'racy.py')}\n  8:5      error  \`counter\` was read on line 6`);
    expect(out).toContain('no-read-await-write-race\n\n✖ 1 problem (1 error, 0 warnings)');
  });

  it("writes ESLint's JSON shape, and goes on after a file that does not parse", async () => {
    const dir = project({ 'a.py': 'def f(:\n', 'b.py': RACY });
    const { code, out } = await run(['--format', 'json', dir]);
    expect(code).toBe(1);
    const results = JSON.parse(out);
    expect(results.map((r: { filePath: string }) => path.basename(r.filePath))).toEqual(['a.py', 'b.py']);
    expect(results[0].messages).toEqual([expect.objectContaining({ ruleId: null, fatal: true, line: 1 })]);
    expect(results[1].messages).toEqual([expect.objectContaining({ ruleId: 'no-read-await-write-race', line: 8, column: 5, severity: 2 })]);
  });

  it('writes SARIF 2.1.0 with the rule and region', async () => {
    const dir = project({ 'racy.py': RACY });
    const sarif = JSON.parse((await run(['--format', 'sarif', dir])).out);
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0].results[0]).toMatchObject({ ruleId: 'no-read-await-write-race', locations: [{ physicalLocation: { region: { startLine: 8, startColumn: 5 } } }] });
  });

  it('reads [tool.interleave] from the nearest pyproject.toml: preset, rules on/off, lock wrappers', async () => {
    const strictOnly = py`
      class Repo:
          async def conn(self, connect):
              if self._c is None:
                  self._c = await connect()
              return self._c
    `;
    const dir = project({
      'pyproject.toml': '[project]\nname = "x"\n\n[tool.interleave]\npreset = "strict"\nlock-wrappers = ["app.locks.make_lock"]\n\n[tool.interleave.rules]\nno-unawaited-acquire = false\n',
      'app/a.py': strictOnly,
      'app/b.py': UNAWAITED,
      'app/c.py': 'from app.locks import make_lock\nlock = make_lock()\n\nasync def f():\n    lock.acquire()\n',
    });
    const results = JSON.parse((await run(['--format', 'json', dir])).out);
    expect(results.map((r: { messages: { ruleId: string }[] }) => r.messages.map((m) => m.ruleId))).toEqual([['no-read-await-write-race'], [], []]);
    const overridden = JSON.parse((await run(['--format', 'json', '--preset', 'recommended', path.join(dir, 'app/a.py')])).out);
    expect(overridden[0].messages).toEqual([]);
  });

  it('recognises configured lock wrappers as asyncio locks', async () => {
    const dir = project({
      'pyproject.toml': '[tool.interleave]\nlock-wrappers = ["app.locks.make_lock"]\n',
      'c.py': 'from app.locks import make_lock\nlock = make_lock()\n\nasync def f():\n    lock.acquire()\n',
    });
    expect(JSON.parse((await run(['--format', 'json', dir])).out)[0].messages.map((m: { ruleId: string }) => m.ruleId)).toEqual(['no-unawaited-acquire']);
  });

  it('exits 2 on usage and configuration errors, naming what is wrong', async () => {
    expect(await run([])).toMatchObject({ code: 2, err: expect.stringContaining('no PATH given') });
    expect(await run(['--format', 'xml', '.'])).toMatchObject({ code: 2, err: expect.stringContaining('--format must be one of stylish, json, sarif') });
    expect(await run(['--preset', 'loose', '.'])).toMatchObject({ code: 2, err: expect.stringContaining('--preset must be "recommended" or "strict"') });
    expect(await run(['--bogus', '.'])).toMatchObject({ code: 2 });
    expect(await run(['/no/such/dir'])).toMatchObject({ code: 2, err: expect.stringContaining('no such file or directory') });
    const badRule = project({ 'pyproject.toml': '[tool.interleave.rules]\nno-such-rule = true\n', 'a.py': CLEAN });
    expect(await run([badRule])).toMatchObject({ code: 2, err: expect.stringContaining('unknown rule `no-such-rule`') });
    const badKey = project({ 'pyproject.toml': '[tool.interleave]\npresets = "strict"\n', 'a.py': CLEAN });
    expect(await run([badKey])).toMatchObject({ code: 2, err: expect.stringContaining('unknown key `presets`') });
    const badToml = project({ 'pyproject.toml': '[tool.interleave\n', 'a.py': CLEAN });
    expect(await run([badToml])).toMatchObject({ code: 2, err: expect.stringContaining('not valid TOML') });
  });

  describe('the built bin', () => {
    const bin = path.resolve(__dirname, '../../python/bin/interleave-py.js');
    beforeAll(() => {
      spawnSync(process.execPath, [path.resolve(__dirname, '../../python/build.mjs')], { stdio: 'inherit' });
    });

    it('runs as a process with the same exit statuses', () => {
      const dir = project({ 'racy.py': RACY, 'clean/ok.py': CLEAN });
      expect(spawnSync(process.execPath, [bin, path.join(dir, 'clean')]).status).toBe(0);
      const racy = spawnSync(process.execPath, [bin, '--format', 'json', dir], { encoding: 'utf8' });
      expect(racy.status).toBe(1);
      expect(JSON.parse(racy.stdout)).toHaveLength(2);
      expect(spawnSync(process.execPath, [bin]).status).toBe(2);
    });
  });
});
