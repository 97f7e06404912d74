import { noBusyWait } from './no-busy-wait';
import { noExtraRelease } from './no-extra-release';
import { noLockOrderInversion } from './no-lock-order-inversion';
import { noLockPerCall } from './no-lock-per-call';
import { noLongAwaitInCriticalSection } from './no-long-await-in-critical-section';
import { noReadAwaitWriteRace } from './no-read-await-write-race';
import { noSelfDeadlock } from './no-self-deadlock';
import { noUnawaitedAcquire } from './no-unawaited-acquire';
import { noUnboundedConcurrency } from './no-unbounded-concurrency';
import { requireConditionWaitInLoop } from './require-condition-wait-in-loop';
import { requireReleaseInFinally } from './require-release-in-finally';
import { requireTaskDone } from './require-task-done';
import type { PythonRule, RuleOptions } from './rule';

export const RULES: readonly PythonRule[] = [
  noUnawaitedAcquire,
  noLongAwaitInCriticalSection,
  noReadAwaitWriteRace,
  requireReleaseInFinally,
  noSelfDeadlock,
  noLockOrderInversion,
  noLockPerCall,
  noExtraRelease,
  noBusyWait,
  noUnboundedConcurrency,
  requireConditionWaitInLoop,
  requireTaskDone,
];

export const RULE_IDS: ReadonlySet<string> = new Set(RULES.map((rule) => rule.id));

export type PresetName = 'recommended' | 'strict';
export const PRESETS: readonly PresetName[] = ['recommended', 'strict'];

/** A preset: which rules run, and their options. Strict adds the rules and modes recommended leaves out. */
export function presetRules(preset: PresetName): Map<string, RuleOptions> {
  const rules = new Map<string, RuleOptions>();
  for (const rule of RULES) {
    if (preset === 'recommended' && !rule.recommended) continue;
    rules.set(rule.id, rule.id === 'no-read-await-write-race' ? { checkThenAct: preset === 'strict' } : {});
  }
  return rules;
}
