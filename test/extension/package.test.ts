// The .vsix as `npm run package` builds it: the manifest the Marketplace reads, the files it ships
// (the bundles, their licences, the icon, the docs and nothing else) and its size.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, run } from '../consumer/install';
import { Zip } from './zip';

const MAX_VSIX_BYTES = 5 * 1024 * 1024;

describe('the packaged extension', () => {
  let out: string;
  let vsix: string;
  let zip: Zip;

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), 'interleave-vsix-'));
    vsix = path.join(out, 'interleave.vsix');
    // The package script itself, writing elsewhere than the repository's interleave.vsix.
    const script = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.package!;
    const result = await run('sh', ['-c', script.replace(/--out \S+/, `--out ${vsix}`)], ROOT, { PATH: `${path.join(ROOT, 'node_modules/.bin')}:${process.env.PATH}` });
    if (result.code !== 0) throw new Error(`${script} exited ${result.code}:\n${result.stderr}\n${result.stdout}`);
    zip = new Zip(vsix);
  }, 300_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('ships the manifest, the bundles with their licences, the icon, the changelog, the listing README and the docs, nothing else', () => {
    const docs = (folder: string) =>
      readdirSync(path.join(ROOT, folder))
        .filter((file) => file.endsWith('.md'))
        .map((file) => `extension/${folder}/${file}`);
    const files = zip.entries.map((entry) => entry.name).sort();
    expect(files).toEqual(
      [
        '[Content_Types].xml',
        'extension.vsixmanifest',
        'extension/changelog.md',
        'extension/LICENSE.txt',
        'extension/extension/dist/THIRD_PARTY_NOTICES.txt',
        'extension/extension/dist/engine.js',
        'extension/extension/dist/extension.js',
        'extension/extension/dist/worker.js',
        'extension/extension/dist/python-engine.js',
        'extension/extension/dist/python-engine.js.LEGAL.txt',
        'extension/extension/dist/tree-sitter.wasm',
        'extension/extension/dist/tree-sitter-python.wasm',
        'extension/extension/images/icon.png',
        'extension/package.json',
        'extension/readme.md',
        ...docs('rules-docs'),
        ...docs('rules-docs/primitives'),
        ...docs('rules-docs/python'),
      ].sort(),
    );
    expect(statSync(vsix).size).toBeLessThan(MAX_VSIX_BYTES);
  });

  it('lists the user README, not the contributor one', () => {
    expect(zip.text('extension/readme.md')).toBe(readFileSync(path.join(ROOT, 'extension/README.md'), 'utf8'));
  });

  it('declares what the Marketplace shows and that it runs in Restricted Mode and virtual workspaces', () => {
    const manifest = JSON.parse(zip.text('extension/package.json')) as Record<string, unknown>;
    expect({
      icon: manifest.icon,
      galleryBanner: manifest.galleryBanner,
      categories: manifest.categories,
      capabilities: manifest.capabilities,
      license: manifest.license,
      homepage: manifest.homepage,
      bugs: manifest.bugs,
      keywords: (manifest.keywords as string[]).length > 0,
      prepublish: (manifest.scripts as Record<string, string>)['vscode:prepublish'],
    }).toEqual({
      icon: 'extension/images/icon.png',
      galleryBanner: { color: '#1e2a3a', theme: 'dark' },
      categories: ['Linters', 'Snippets'],
      capabilities: { untrustedWorkspaces: { supported: true }, virtualWorkspaces: true },
      license: 'MIT',
      homepage: 'https://github.com/interleave-dev/interleave#readme',
      bugs: { url: 'https://github.com/interleave-dev/interleave/issues' },
      keywords: true,
      prepublish: 'npm run --silent build:extension',
    });
    const vsixManifest = zip.text('extension.vsixmanifest');
    expect(vsixManifest).toContain('<Asset Type="Microsoft.VisualStudio.Services.Icons.Default" Path="extension/extension/images/icon.png" Addressable="true" />');
  });
});
