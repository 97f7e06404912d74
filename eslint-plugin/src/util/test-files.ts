const TEST_FOLDER = /^(?:__tests__|__mocks__|tests?|.+\.(?:test|spec))$/;
const TEST_FILE = /^[^.].*\.(?:test|spec)\./;

/**
 * Test code, where the rules stay quiet unless `settings.interleave.lintTestFiles` is true. A test
 * runs its steps one after another and fails as a whole when one throws, so what the rules guard
 * against there (a release skipped by a throw, two calls racing, a poll that could wait on an
 * event) is not a bug anyone fixes. A file whose name carries `.test.`/`.spec.`, or that sits in a
 * folder named `__tests__`, `__mocks__`, `test`, `tests`, or ending in `.test`/`.spec` (as globs:
 * `**\/*.{test,spec}.*`, `**\/*.{test,spec}/**`, `**\/{__tests__,__mocks__,test,tests}/**`).
 *
 * `path` is relative to the project, `/` or `\` separated.
 */
export function isTestFile(path: string): boolean {
  const segments = path.split(/[\\/]/).filter((segment) => segment !== '');
  const name = segments.pop() ?? '';
  return TEST_FILE.test(name) || segments.some((segment) => TEST_FOLDER.test(segment));
}

/**
 * The linted file's path inside the project: relative to ESLint's working directory when the file
 * lies under it, else its name alone (a folder named `test` above the project says nothing).
 */
export function projectPath(filename: string, cwd: string | undefined): string {
  const normalised = filename.replace(/\\/g, '/');
  // `/` itself becomes '' here, under which every absolute path lies.
  const root = cwd?.replace(/\\/g, '/').replace(/\/+$/, '');
  if (root !== undefined && normalised.startsWith(`${root}/`)) return normalised.slice(root.length + 1);
  return normalised.slice(normalised.lastIndexOf('/') + 1);
}
