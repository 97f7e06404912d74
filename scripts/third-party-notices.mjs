// Third-party licence notices for a bundle, from esbuild's metafile: every package with code in
// the output, with its version, licence and the licence text it ships (or, for the few that ship
// no licence file, their README's licence section, or else what their package.json declares).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const LICENSE_FILE = /^(licen[cs]e|copying)([.-][\w.-]+)?$/i;

/** The package directories (…/node_modules/name or …/node_modules/@scope/name) with bytes in any output. */
function bundledPackages(metafile) {
  const directories = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input.replaceAll('\\', '/'));
      if (match && bytesInOutput > 0) directories.add(match[1]);
    }
  }
  return [...directories];
}

/** Writes the notices of every package bundled into the build's outputs to `file`, and returns their names. */
export function writeNotices({ metafile, file, cwd, product }) {
  const packages = bundledPackages(metafile).map((directory) => {
    const absolute = path.resolve(cwd, directory);
    const manifest = JSON.parse(readFileSync(path.join(absolute, 'package.json'), 'utf8'));
    const license = typeof manifest.license === 'string' ? manifest.license : (manifest.license?.type ?? 'see below');
    return { name: manifest.name, version: manifest.version, license, text: licenseText(absolute, manifest, license) };
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

function licenseText(directory, manifest, license) {
  const files = readdirSync(directory);
  const licenseFile = files.find((name) => LICENSE_FILE.test(name));
  if (licenseFile) return readFileSync(path.join(directory, licenseFile), 'utf8').trim();
  const readme = files.find((name) => /^readme(\.md)?$/i.test(name));
  const section = readme && /^#*\s*licen[cs]e\s*\n(?:[-=]+\n)?([\s\S]*?)(?=\n#|\n[^\n]+\n[-=]{3,}\n|(?![\s\S]))/im.exec(readFileSync(path.join(directory, readme), 'utf8'));
  if (section?.[1]?.trim()) return `(The package ships no licence file; this is its README's licence section.)\n\n${section[1].trim()}`;
  const author = typeof manifest.author === 'string' ? manifest.author : manifest.author?.name;
  return `(The package ships no licence file.) Licensed under ${license}${author ? `, by ${author}` : ''}.`;
}
