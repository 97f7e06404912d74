import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calledMethodName, childNodes, isFunction, outerParent, unwrap, type FunctionNode } from './ast';
import { overlaps, type Location, type SharedState } from './shared';

/** A write a function makes after its own first interleaving point. */
export interface LaterWrite {
  location: Location;
  /** The assignment or mutating call inside the callee. */
  node: TSESTree.Node;
  /** The callee's first `await` (or async `yield`), which the caller's check does not survive. */
  after: TSESTree.Node;
  /** The calls the callee awaits before the write: what a duplicate repeats. */
  awaited: readonly TSESTree.Node[];
}

/**
 * What a function of this file does to shared state, as seen from a call site: the locations it
 * reads before its first interleaving point (a call `this.needsRefresh()` reads `this.token`
 * where it is called), the writes it makes before that point (they land at the call), and the
 * writes it makes after it (`refresh` awaits the token endpoint, then writes `this.token`): these
 * land after the caller's check has gone stale. Writes the callee itself checks first are left
 * out: its own flow judges them.
 */
export interface FunctionSummary {
  reads: readonly Location[];
  writesAtCall: readonly Location[];
  writesLater: readonly LaterWrite[];
}

const EMPTY_SUMMARY: FunctionSummary = { reads: [], writesAtCall: [], writesLater: [] };
const MUTATORS = new Set(['set', 'add', 'delete', 'clear', 'push', 'pop', 'shift', 'unshift', 'splice']);

interface Access {
  kind: 'read' | 'write' | 'await' | 'call';
  node: TSESTree.Node;
  location?: Location;
  callee?: FunctionNode;
}

/** Per-function summaries for one file, computed on first use and cached (cycles summarise as empty). */
export class Summaries {
  private readonly cache = new Map<FunctionNode, FunctionSummary>();

  constructor(
    private readonly shared: SharedState,
    private readonly calledFunction: (callee: TSESTree.Node) => FunctionNode | null,
  ) {}

  /** The summary of the in-file function a call runs, or null for calls the file does not show. */
  ofCall(call: TSESTree.CallExpression): FunctionSummary | null {
    const fn = this.calledFunction(call.callee);
    return fn ? this.of(fn) : null;
  }

  of(fn: FunctionNode): FunctionSummary {
    const known = this.cache.get(fn);
    if (known) return known;
    this.cache.set(fn, EMPTY_SUMMARY);
    const summary = this.compute(fn);
    this.cache.set(fn, summary);
    return summary;
  }

  private compute(fn: FunctionNode): FunctionSummary {
    const accesses = this.accesses(fn);
    const firstWait = fn.async || fn.generator ? accesses.findIndex((access) => access.kind === 'await') : -1;
    const before = firstWait === -1 ? accesses : accesses.slice(0, firstWait);
    const after = firstWait === -1 ? [] : accesses.slice(firstWait);
    const reads: Location[] = [];
    const writesAtCall: Location[] = [];
    const writesLater: LaterWrite[] = [];
    for (const access of before) {
      if (access.kind === 'read') reads.push(access.location!);
      else if (access.kind === 'write') writesAtCall.push(access.location!);
      else if (access.kind === 'call') {
        const inner = this.of(access.callee!);
        reads.push(...inner.reads);
        writesAtCall.push(...inner.writesAtCall);
        writesLater.push(...inner.writesLater);
      }
    }
    const awaited: TSESTree.Node[] = [];
    const readSoFar = [...reads];
    // `if (!pending) pending = provider(); resolved = await pending;`: what the callee writes after
    // waiting only on a promise it stored for every caller to share is the same for each of them.
    // The store must be guarded by a look at the same field (`if (!pending)`, `??=`): stored
    // unconditionally, every caller starts its own call.
    const memoised = before
      .filter((access, index) => {
        const store = access.kind === 'write' ? promiseStore(access.node) : null;
        return store === 'guarded' || (store === 'plain' && before.slice(0, index).some((earlier) => earlier.kind === 'read' && sameLocation(earlier.location!, access.location!)));
      })
      .map((access) => access.location!);
    let ownWork = false;
    for (const access of after) {
      if (access.kind === 'await') {
        awaited.push(access.node);
        const waitedOn = access.node.type === AST_NODE_TYPES.AwaitExpression ? this.shared.locationOf(access.node.argument) : null;
        ownWork ||= !waitedOn || !memoised.some((memo) => sameLocation(memo, waitedOn));
      }
      else if (access.kind === 'read') readSoFar.push(access.location!);
      else if (access.kind === 'call') {
        const inner = this.of(access.callee!);
        readSoFar.push(...inner.reads);
        for (const location of [...inner.writesAtCall, ...inner.writesLater.map((write) => write.location)]) {
          writesLater.push({ location, node: access.node, after: accesses[firstWait]!.node, awaited: [...awaited, access.node] });
        }
      } else if (ownWork && !readSoFar.some((read) => overlaps(read, access.location!))) {
        writesLater.push({ location: access.location!, node: access.node, after: accesses[firstWait]!.node, awaited: [...awaited] });
      }
    }
    // A write the callee checks first (`if (this.isConnected) return;`) is its own flow's to judge.
    const unchecked = (location: Location): boolean => !reads.some((read) => overlaps(read, location));
    return { reads, writesAtCall: writesAtCall.filter(unchecked), writesLater: writesLater.filter((write) => unchecked(write.location)) };
  }

  /** Reads, writes, awaits and calls of in-file functions, in source order, outside nested functions. */
  private accesses(fn: FunctionNode): Access[] {
    const accesses: Access[] = [];
    const visit = (node: TSESTree.Node, writing: boolean): void => {
      if (isFunction(node) && node !== fn) return;
      switch (node.type) {
        case AST_NODE_TYPES.AwaitExpression:
          visit(node.argument, false);
          accesses.push({ kind: 'await', node });
          return;
        case AST_NODE_TYPES.YieldExpression:
          if (node.argument) visit(node.argument, false);
          accesses.push({ kind: 'await', node });
          return;
        case AST_NODE_TYPES.AssignmentExpression:
          visit(node.right, false);
          if (node.operator !== '=') visit(node.left, false);
          visit(node.left, true);
          return;
        case AST_NODE_TYPES.UpdateExpression:
          visit(node.argument, false);
          visit(node.argument, true);
          return;
        case AST_NODE_TYPES.CallExpression: {
          for (const argument of node.arguments) visit(argument, false);
          const callee = unwrap(node.callee);
          const target = this.calledFunction(callee);
          if (target) {
            accesses.push({ kind: 'call', node, callee: target });
            return;
          }
          if (callee.type === AST_NODE_TYPES.MemberExpression) {
            visit(callee.object, false);
            const container = MUTATORS.has(calledMethodName(node) ?? '') ? this.shared.locationOf(callee.object) : null;
            if (container) accesses.push({ kind: 'write', node, location: container });
            return;
          }
          visit(callee, false);
          return;
        }
        case AST_NODE_TYPES.Identifier:
        case AST_NODE_TYPES.MemberExpression: {
          const location = this.shared.locationOf(node);
          if (location) {
            accesses.push({ kind: writing ? 'write' : 'read', node, location });
            if (node.type === AST_NODE_TYPES.MemberExpression && node.computed) visit(node.property, false);
            return;
          }
          if (node.type === AST_NODE_TYPES.MemberExpression) {
            visit(node.object, false);
            if (node.computed) visit(node.property, false);
          }
          return;
        }
        default:
          for (const child of childNodes(node)) visit(child, false);
      }
    };
    if (fn.body.type === AST_NODE_TYPES.BlockStatement) for (const statement of fn.body.body) visit(statement, false);
    else visit(fn.body, false);
    return accesses;
  }
}

function sameLocation(a: Location, b: Location): boolean {
  return a.root === b.root && a.path.join('/') === b.path.join('/');
}

/**
 * How the target of an assignment stores a call's promise (or a new object): `guarded` by its own
 * operator (`x ??= start()`), `plain` (`x = start()`, single flight only after a look at `x`), or null.
 */
function promiseStore(target: TSESTree.Node): 'guarded' | 'plain' | null {
  const { parent, child } = outerParent(target);
  if (parent?.type !== AST_NODE_TYPES.AssignmentExpression || parent.left !== child) return null;
  const value = unwrap(parent.right);
  if (value.type !== AST_NODE_TYPES.CallExpression && value.type !== AST_NODE_TYPES.NewExpression) return null;
  if (parent.operator === '??=' || parent.operator === '||=') return 'guarded';
  return parent.operator === '=' ? 'plain' : null;
}
