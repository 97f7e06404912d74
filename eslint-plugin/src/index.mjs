// The ES module entry: the CommonJS bundle's plugin object as the default export, and its
// properties as named exports, so `import { configs } from 'eslint-plugin-interleave'` works.
import plugin from './index.js';

export default plugin;
export const { meta, rules, configs } = plugin;
