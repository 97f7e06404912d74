// Every rule stands in four places — rule file, test suite, docs page, README row — and its
// metadata follows the house rules. Nothing here can drift without a failing test.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import plugin from '../eslint-plugin/src/index';
import { DOCS_BASE_URL } from '../eslint-plugin/src/util/create-rule';

const root = path.resolve(__dirname, '..');
const ruleNames = Object.keys(plugin.rules).sort();
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

function namesIn(folder: string, suffix: string): string[] {
  return readdirSync(path.join(root, folder))
    .filter((file) => file.endsWith(suffix) && file !== `index${suffix}`)
    .map((file) => file.slice(0, -suffix.length))
    .sort();
}

describe('rule inventory', () => {
  it('rule files, test suites and docs pages name the same rules', () => {
    expect(namesIn('eslint-plugin/src/rules', '.ts')).toEqual(ruleNames);
    expect(namesIn('test/rules', '.test.ts')).toEqual(ruleNames);
    expect(namesIn('rules-docs', '.md')).toEqual(ruleNames);
  });

  it('the README rules table has one row per rule, and no other', () => {
    const rows = [...readme.matchAll(/^\| \[([a-z-]+)\]\(rules-docs\/\1\.md\) \|/gm)].map((match) => match[1]).sort();
    expect(rows).toEqual(ruleNames);
  });

  it("the package README (shown on the registry) has the same table, with links that resolve there", () => {
    const packageReadme = readFileSync(path.join(root, 'eslint-plugin/README.md'), 'utf8');
    // The JavaScript rules' rows: the Python table links into rules-docs/python/ and stays in the repository README.
    const rowsOf = (text: string) => text.split('\n').filter((line) => /^\| \[[a-z-]+\]\((rules-docs|https:[^)]*\/rules-docs)\/[a-z-]+\.md\)/.test(line));
    expect(rowsOf(packageReadme)).toEqual(rowsOf(readme).map((row) => row.replace('](rules-docs/', `](${DOCS_BASE_URL}/`)));
    const links = [...packageReadme.matchAll(/\]\(([^)]+)\)/g)].map((match) => match[1]);
    expect(links.filter((link) => !link.startsWith('https://'))).toEqual([]);
  });
});

describe.each(ruleNames)('%s', (name) => {
  const rule = plugin.rules[name as keyof typeof plugin.rules];
  const meta = rule.meta;

  it('links its docs page', () => {
    expect(meta.docs?.url).toBe(`${DOCS_BASE_URL}/${name}.md`);
    expect(existsSync(path.join(root, 'rules-docs', `${name}.md`))).toBe(true);
  });

  it('has a description, a preset, default options and a strict schema', () => {
    expect(meta.docs?.description).toMatch(/^[A-Z].{20,}[^.]$/);
    expect(meta.docs?.presets.length).toBeGreaterThan(0);
    expect(meta.defaultOptions).toBeDefined();
    for (const schema of [meta.schema].flat() as unknown as Array<Record<string, unknown>>) {
      if (schema.type !== 'object') continue;
      expect(schema.additionalProperties).toBe(false);
      for (const property of Object.values(schema.properties as Record<string, { description?: string }>)) {
        expect(property.description).toBeTruthy();
      }
    }
  });

  it('writes messages as full sentences', () => {
    for (const message of Object.values(meta.messages)) expect(message).toMatch(/^[A-Z`{].*[.)]$/s);
  });

  it('is in the presets its docs name', () => {
    const id = `interleave/${name}`;
    const presets = meta.docs?.presets ?? [];
    expect(id in (plugin.configs.all.rules ?? {})).toBe(true);
    expect(id in (plugin.configs.recommended.rules ?? {})).toBe(presets.includes('recommended'));
    expect(id in (plugin.configs.strict.rules ?? {})).toBe(presets.includes('recommended') || presets.includes('strict'));
  });
});

describe('plugin object', () => {
  it('has meta, rules and flat presets that carry the plugin', () => {
    expect(plugin.meta.name).toBe('eslint-plugin-interleave');
    expect(plugin.meta.version).toBe(JSON.parse(readFileSync(path.join(root, 'eslint-plugin/package.json'), 'utf8')).version);
    for (const preset of ['recommended', 'strict', 'all'] as const) {
      expect(plugin.configs[preset].plugins?.interleave).toBe(plugin);
    }
  });
});
