import type { CriticalSection } from '../analysis/flow';
import { isExclusive } from '../analysis/primitives';
import type { FunctionInfo } from '../analysis/scopes';
import { lineOf, quote, type PythonRule } from './rule';

interface Nesting {
  outer: CriticalSection;
  inner: CriticalSection;
  fn: FunctionInfo;
}

/** Two locks nested A→B in one function and B→A in another can deadlock two tasks. */
export const noLockOrderInversion: PythonRule = {
  id: 'no-lock-order-inversion',
  description: 'Locks nested A→B in one function and B→A in another.',
  recommended: true,
  check({ model, report }) {
    const firstByOrder = new Map<string, Nesting>();
    for (const fn of model.coroutines()) {
      const sections = model.flow(fn).sections.filter((section) => isExclusive(section.primitive) && !section.primitive.perKey && (section.primitive.where === 'module' || section.primitive.where === 'class'));
      for (const outer of sections) {
        for (const inner of sections) {
          if (inner.primitive.key === outer.primitive.key || inner.start <= outer.start || inner.start >= outer.end) continue;
          const order = `${outer.primitive.key}\u0000${inner.primitive.key}`;
          const known = firstByOrder.get(order);
          if (!known || inner.node.startIndex < known.inner.node.startIndex) firstByOrder.set(order, { outer, inner, fn });
        }
      }
    }
    for (const [order, nesting] of firstByOrder) {
      const [a, b] = order.split('\u0000');
      const reverse = firstByOrder.get(`${b}\u0000${a}`);
      if (!reverse || reverse.fn === nesting.fn || reverse.inner.node.startIndex > nesting.inner.node.startIndex) continue;
      report({
        node: nesting.inner.node,
        message: `\`${nesting.fn.name}()\` takes ${quote(nesting.inner.subject)} while holding ${quote(nesting.outer.subject)}, but \`${reverse.fn.name}()\` takes them the other way round (line ${lineOf(reverse.inner.node)}): each task can hold one lock and wait for the other forever. Take them in one order everywhere.`,
      });
    }
  },
};
