// typescript-eslint's RuleTester, wired to vitest, parsing TypeScript as users' configs do.
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

export function ruleTester(): RuleTester {
  return new RuleTester({ languageOptions: { parserOptions: {} } });
}

/** Declarations most test cases share, so cases stay short. */
export const MUTEX_IMPORT = "import { Mutex, Semaphore } from 'async-mutex';\n";
