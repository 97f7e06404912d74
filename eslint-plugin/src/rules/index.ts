// Every rule, by name. Add a rule here and it is in the plugin, the `all` preset, and (by its
// `meta.docs.presets`) the recommended/strict presets.
import noLongAwaitInCriticalSection from './no-long-await-in-critical-section';
import noReadAwaitWriteRace from './no-read-await-write-race';
import noUnawaitedAcquire from './no-unawaited-acquire';

export const rules = {
  'no-long-await-in-critical-section': noLongAwaitInCriticalSection,
  'no-read-await-write-race': noReadAwaitWriteRace,
  'no-unawaited-acquire': noUnawaitedAcquire,
};
