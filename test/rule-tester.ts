// typescript-eslint's RuleTester, wired to vitest, parsing TypeScript as users' configs do.
import { RuleTester, type RunTests } from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/**
 * Every error object must state its message data (errors and suggestions) and its full position,
 * so that a wrong name in a message, or a report moved to another node, fails the test.
 */
class StrictRuleTester extends RuleTester {
  override run<MessageIds extends string, Options extends readonly unknown[]>(
    name: string,
    rule: RuleModule<MessageIds, Options>,
    tests: RunTests<MessageIds, Options>,
  ): void {
    super.run(name, rule, { ...tests, assertionOptions: { requireData: true, requireLocation: true, ...tests.assertionOptions } });
  }
}

export function ruleTester(): RuleTester {
  return new StrictRuleTester({ languageOptions: { parserOptions: {} } });
}

/** Declarations most test cases share, so cases stay short. */
export const MUTEX_IMPORT = "import { Mutex, Semaphore } from 'async-mutex';\n";
