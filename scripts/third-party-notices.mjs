// Third-party licence notices for a bundle, from esbuild's metafile: every package with code in
// the output, with its version, licence and the licence text it ships. A package that ships no
// licence file fails the build, so nothing bundled goes unattributed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i;

/** The package directories (…/node_modules/name or …/node_modules/@scope/name) with bytes in `output`. */
export function bundledPackages(metafile, output) {
  const directories = new Map();
  for (const [input, { bytesInOutput }] of Object.entries(metafile.outputs[output].inputs)) {
    if (bytesInOutput === 0) continue;
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
    if (match) directories.set(match[1], (directories.get(match[1]) ?? 0) + bytesInOutput);
  }
  return [...directories.keys()];
}

/** Writes the notices of the packages bundled into `output` (a metafile output key) to `file`; returns their names. */
export function writeNotices({ metafile, output, file, cwd, product }) {
  const packages = bundledPackages(metafile, output).map((directory) => {
    const absolute = path.resolve(cwd, directory);
    const manifest = JSON.parse(readFileSync(path.join(absolute, 'package.json'), 'utf8'));
    const licenseFile = readdirSync(absolute).find((name) => LICENSE_FILE.test(name));
    if (!licenseFile) throw new Error(`${manifest.name} is bundled into ${output} but ships no licence file to reproduce`);
    const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'see below');
    return { name: manifest.name, version: manifest.version, license, text: readFileSync(path.join(absolute, licenseFile), 'utf8').trim() };
  });
  // One entry per name and version: a package nested twice at one version is one notice.
  const unique = [...new Map(packages.map((entry) => [`${entry.name}@${entry.version}`, entry])).values()].sort((a, b) =>
    a.name === b.name ? a.version.localeCompare(b.version) : a.name.localeCompare(b.name),
  );
  const sections = unique.map((entry) => `${entry.name}@${entry.version} (${entry.license})\n\n${entry.text}\n`);
  const header = `${product} bundles the following ${unique.length} third-party packages. Their licences follow.\n\n`;
  writeFileSync(file, header + sections.join(`\n${'-'.repeat(78)}\n\n`));
  return unique.map((entry) => entry.name);
}
