// Every rule, by name. Add a rule here and it is in the plugin, the `all` preset, and (by its
// `meta.docs.presets`) the recommended/strict presets.
import noBusyWait from './no-busy-wait';
import noExternalReadModifyWrite from './no-external-read-modify-write';
import noExtraRelease from './no-extra-release';
import noInProgressFlagReturn from './no-in-progress-flag-return';
import noLockOrderInversion from './no-lock-order-inversion';
import noLockPerCall from './no-lock-per-call';
import noLongAwaitInCriticalSection from './no-long-await-in-critical-section';
import noReadAwaitWriteRace from './no-read-await-write-race';
import noSelfDeadlock from './no-self-deadlock';
import noUnawaitedAcquire from './no-unawaited-acquire';
import noUnawaitedReturnInCriticalSection from './no-unawaited-return-in-critical-section';
import noUnboundedConcurrency from './no-unbounded-concurrency';
import noUnorderedMultiLock from './no-unordered-multi-lock';
import noWorkStartedBeforeLock from './no-work-started-before-lock';
import requireReleaseInFinally from './require-release-in-finally';

export const rules = {
  'no-busy-wait': noBusyWait,
  'no-external-read-modify-write': noExternalReadModifyWrite,
  'no-extra-release': noExtraRelease,
  'no-in-progress-flag-return': noInProgressFlagReturn,
  'no-lock-order-inversion': noLockOrderInversion,
  'no-lock-per-call': noLockPerCall,
  'no-long-await-in-critical-section': noLongAwaitInCriticalSection,
  'no-read-await-write-race': noReadAwaitWriteRace,
  'no-self-deadlock': noSelfDeadlock,
  'no-unawaited-acquire': noUnawaitedAcquire,
  'no-unawaited-return-in-critical-section': noUnawaitedReturnInCriticalSection,
  'no-unbounded-concurrency': noUnboundedConcurrency,
  'no-unordered-multi-lock': noUnorderedMultiLock,
  'no-work-started-before-lock': noWorkStartedBeforeLock,
  'require-release-in-finally': requireReleaseInFinally,
};
