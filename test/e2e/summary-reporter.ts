// Ends the run with the plain closing line CI reads: "N passed, N failed".
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    for (const testModule of testModules) {
      const states = [...testModule.children.allTests()].map((test) => test.result().state);
      passed += states.filter((state) => state === 'passed').length;
      const failedHere = states.filter((state) => state === 'failed').length;
      // A failing hook (the code-server start in beforeAll) fails the module but no test: count it.
      failed += failedHere === 0 && testModule.state() === 'failed' ? 1 : failedHere;
    }
    console.log(`\n${passed} passed, ${failed} failed`);
  }
}
