// A precision set only measures something if no rule was tuned on its packages: each set must be
// disjoint from the corpus, the real-bug benchmark, issue 11's independent check and every other set.
import { expect, it } from 'vitest';
import { KEPT_PACKAGES, loadCases } from '../realbugs/cases';
import { CORPUS } from './packages';
import { NEWEST_PRECISION_SET, PRECISION_SETS } from './precision-set';

it('keeps every precision set apart from the packages the rules were developed or checked on', () => {
  const elsewhere = new Set([...CORPUS.map((pkg) => pkg.name), ...loadCases().map((entry) => entry.package), ...KEPT_PACKAGES]);
  const seenInSets = new Set<string>();
  for (const [name, packages] of Object.entries(PRECISION_SETS)) {
    expect(packages, name).toHaveLength(20);
    for (const pkg of packages) {
      expect(elsewhere.has(pkg.name), `${pkg.name} of set ${name}`).toBe(false);
      expect(seenInSets.has(pkg.name), `${pkg.name} is in two sets`).toBe(false);
      seenInSets.add(pkg.name);
    }
  }
  expect(PRECISION_SETS[NEWEST_PRECISION_SET]).toBeDefined();
});
