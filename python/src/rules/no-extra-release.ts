import { sameSubject, type FunctionFlow, type PrimitiveCall } from '../analysis/flow';
import { field, kids } from '../analysis/syntax';
import type { PythonModel } from '../analysis/model';
import type { FunctionInfo } from '../analysis/scopes';
import { toBoundedSemaphore } from '../fixes/bounded-semaphore';
import type { Node } from '../parse';
import { lineOf, quote, type PythonRule } from './rule';

type Counts = Set<number>;

/**
 * A semaphore released more often than acquired on some path of one function: every extra
 * release adds a permit and the limit creeps up. A plain `Semaphore(n)` pool released by a
 * function that did not acquire it (a pool's check-in) should be a BoundedSemaphore, which
 * turns a double release into a ValueError.
 */
export const noExtraRelease: PythonRule = {
  id: 'no-extra-release',
  description: 'A Semaphore released more often than acquired, or a plain Semaphore pool released where it was not acquired.',
  recommended: true,
  check({ model, report }) {
    for (const fn of model.functions) {
      const flow = model.flow(fn);
      const extra = new Map<number, string>();
      const semaphoreCalls = flow.primitiveCalls.filter((call) => call.primitive.kind === 'Semaphore' || call.primitive.kind === 'BoundedSemaphore');
      for (const release of semaphoreCalls) {
        if (release.method !== 'release') continue;
        const around = flow.sections.find((section) => section.via === 'with' && section.start < release.seq && release.seq < section.end && sameSubject(section, release));
        if (around) extra.set(release.call.id, `inside \`async with ${around.subject.text}:\` (line ${lineOf(around.node)}), which releases it again on exit`);
      }
      const subjects = new Map<string, PrimitiveCall>();
      for (const call of semaphoreCalls) if (call.method === 'release') subjects.set(call.primitive.key + call.subject.text, call);
      for (const release of subjects.values()) {
        const acquires = semaphoreCalls.some((call) => call.method === 'acquire' && sameSubject(call, release)) || flow.sections.some((section) => sameSubject(section, release));
        if (acquires) {
          const body = field(fn.node, 'body');
          if (body) new PathCounter(flow, release, extra).block(body, new Set([0]));
          continue;
        }
        if (release.primitive.kind !== 'Semaphore' || release.primitive.permits === 0 || (release.primitive.where !== 'module' && release.primitive.where !== 'class')) continue;
        // A callback defined by the function that acquired it (`fut.add_done_callback(done)`) gives that permit back.
        if (acquiredByOuter(model, fn, release)) continue;
        for (const call of semaphoreCalls) {
          if (call.method !== 'release' || !sameSubject(call, release) || extra.has(call.call.id)) continue;
          const fix = toBoundedSemaphore(model.text, release.primitive.declaration, model.imports);
          report({
            node: call.call,
            message: `${quote(call.call)} gives back a permit this function did not take: with a plain \`Semaphore\`, a double release (or one for an item that never came from the pool) silently raises the limit. Make ${quote(release.subject)} a \`BoundedSemaphore\`, which raises ValueError instead.`,
            suggestions: fix ? [fix] : [],
          });
        }
      }
      for (const call of semaphoreCalls) {
        const why = extra.get(call.call.id);
        if (!why) continue;
        report({
          node: call.call,
          message: `${quote(call.call)} releases ${quote(call.subject)} once more than it was acquired on some path: it is ${why}. Every call adds a permit, so the limit creeps up.`,
        });
      }
    }
  },
};

/** Counts permits held along each path through one function, for one semaphore. */
class PathCounter {
  constructor(
    private readonly flow: FunctionFlow,
    private readonly subject: PrimitiveCall,
    private readonly extra: Map<number, string>,
  ) {}

  /** Returns the counts after the block; an empty set when every path left it (return, raise, break). */
  block(node: Node, counts: Counts): Counts {
    let current = counts;
    for (const statement of kids(node)) {
      if (current.size === 0) break;
      current = this.statement(statement, current);
    }
    return current;
  }

  private statement(node: Node, counts: Counts): Counts {
    switch (node.type) {
      case 'return_statement':
      case 'raise_statement':
      case 'break_statement':
      case 'continue_statement':
        this.events(node, counts);
        return new Set();
      case 'function_definition':
      case 'class_definition':
      case 'decorated_definition':
        return counts;
      case 'if_statement': {
        const after = this.events(field(node, 'condition')!, counts);
        const out = new Set(this.blockOf(field(node, 'consequence'), after));
        let hasElse = false;
        for (const alternative of node.childrenForFieldName('alternative')) {
          if (!alternative) continue;
          hasElse ||= alternative.type === 'else_clause';
          const body = alternative.type === 'elif_clause' ? field(alternative, 'consequence') : field(alternative, 'body');
          for (const count of this.blockOf(body, after)) out.add(count);
        }
        if (!hasElse) for (const count of after) out.add(count);
        return out;
      }
      case 'for_statement':
      case 'while_statement': {
        const once = this.blockOf(field(node, 'body'), counts);
        return new Set([...counts, ...once]);
      }
      case 'try_statement': {
        const body = kids(node).find((child) => child.type === 'block')!;
        const afterBody = this.block(body, counts);
        const out = new Set(afterBody);
        let finallyBlock: Node | null = null;
        for (const clause of kids(node)) {
          const clauseBody = kids(clause).find((child) => child.type === 'block') ?? null;
          if (clause.type === 'except_clause' || clause.type === 'except_group_clause') for (const count of this.blockOf(clauseBody, new Set([...counts, ...afterBody]))) out.add(count);
          else if (clause.type === 'else_clause') for (const count of this.blockOf(clauseBody, afterBody)) out.add(count);
          else if (clause.type === 'finally_clause') finallyBlock = clauseBody;
        }
        return finallyBlock ? this.block(finallyBlock, out.size > 0 ? out : new Set([...counts, ...afterBody])) : out;
      }
      case 'with_statement':
        return this.blockOf(field(node, 'body'), counts);
      default:
        return this.events(node, counts);
    }
  }

  private blockOf(node: Node | null, counts: Counts): Counts {
    return node ? this.block(node, counts) : counts;
  }

  /** Applies the acquires and releases written inside one simple statement or test, in order. */
  private events(node: Node, counts: Counts): Counts {
    let current = counts;
    for (const call of this.flow.primitiveCalls) {
      if (call.call.startIndex < node.startIndex || call.call.endIndex > node.endIndex || !sameSubject(call, this.subject)) continue;
      if (call.method === 'acquire') current = new Set([...current].map((count) => Math.min(count + 1, 3)));
      else if (call.method === 'release') {
        if (current.has(0) && !this.extra.has(call.call.id)) this.extra.set(call.call.id, 'released after every permit this function took was already given back');
        current = new Set([...current].map((count) => Math.max(count - 1, 0)));
      }
    }
    return current;
  }
}

function acquiredByOuter(model: PythonModel, fn: FunctionInfo, release: PrimitiveCall): boolean {
  for (let outer = fn.outer; outer; outer = outer.outer) {
    if (model.flow(outer).primitiveCalls.some((call) => call.method === 'acquire' && call.primitive.key === release.primitive.key)) return true;
  }
  return false;
}
