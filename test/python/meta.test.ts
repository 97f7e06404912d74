import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { docsUrl, RULES } from '../../python/src';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

describe('Python rules stand in their places', () => {
  const ids = RULES.map((rule) => rule.id).sort();

  it('one docs page per rule in rules-docs/python, and no other', () => {
    expect(readdirSync(path.join(root, 'rules-docs/python')).map((file) => file.replace(/\.md$/, '')).sort()).toEqual(ids);
    for (const id of ids) expect(docsUrl(id)).toBe(`https://github.com/interleave-dev/interleave/blob/main/rules-docs/python/${id}.md`);
  });

  it('one README row per rule under "Python asyncio", with its preset', () => {
    const section = readme.slice(readme.indexOf('## Python asyncio'));
    const rows = [...section.matchAll(/^\| \[([a-z-]+)\]\(rules-docs\/python\/\1\.md\) \| .+ \| (✅|🔒) \|/gm)];
    expect(rows.map((row) => row[1]).sort()).toEqual(ids);
    for (const row of rows) expect(row[2], row[1]).toBe(RULES.find((rule) => rule.id === row[1])!.recommended ? '✅' : '🔒');
  });

  it('each page names its preset like the README', () => {
    for (const rule of RULES) {
      const page = readFileSync(path.join(root, 'rules-docs/python', `${rule.id}.md`), 'utf8');
      expect(page.startsWith(`# ${rule.id} (Python)`)).toBe(true);
      expect(page).toContain(rule.recommended ? '✅ recommended' : '🔒 strict');
    }
    expect(existsSync(path.join(root, '.pre-commit-hooks.yaml'))).toBe(true);
  });
});
