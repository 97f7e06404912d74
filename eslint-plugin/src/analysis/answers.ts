import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, calleeObject, childNodes, isFunction, outerParent, returnedExpressions, unwrap, type FunctionNode } from './ast';
import type { Bindings, Variable } from './scope';

/** Standard methods that fold what they are given into their answer: `list.reduce(step, this.total)`, `a.concat(b)`, `Object.assign(target, patch)`. */
const FOLDS = new Set(['reduce', 'reduceRight', 'concat', 'assign']);

/**
 * What an awaited call answers with. A function in this file answers with a value built from its
 * arguments when its returns use its parameters (`duplicateRaw(src) { return src.duplicate() }`),
 * and so do the standard folds. Other code the file does not show answers with what it has (a
 * client, a server, a database): `this.coordinator = await cluster.findBroker(this.coordinator)`
 * stores the broker found, not something computed from the stale one passed in.
 */
export class AnswerSources {
  private readonly byFunction = new Map<FunctionNode, boolean>();
  private readonly statefulReturns = new Map<FunctionNode, boolean>();

  constructor(
    private readonly bindings: Bindings,
    /** The function a callee names in this file, or null. */
    private readonly calledFunction: (callee: TSESTree.Node) => FunctionNode | null,
  ) {}

  /** Whether awaiting `call` can give back a value built from its arguments. */
  usesArguments(call: TSESTree.CallExpression): boolean {
    const fn = this.calledFunction(call.callee);
    return fn ? this.returnsFromParameters(fn) : FOLDS.has(calleeName(call) ?? '');
  }

  /**
   * Whether awaiting `call` of a function in this file can give back shared state the function
   * read (`return this.cache.get(key)`, `return state.account`), rather than only what its
   * arguments and the objects it asks make of them (`return await app.acquireToken(request)`).
   */
  returnsState(call: TSESTree.CallExpression): boolean {
    const fn = this.calledFunction(call.callee);
    if (!fn) return true;
    let known = this.statefulReturns.get(fn);
    if (known === undefined) {
      const seen = new Set<Variable>();
      known = returnedExpressions(fn).some((returned) => this.readsState(returned, fn, seen));
      this.statefulReturns.set(fn, known);
    }
    return known;
  }

  /**
   * The arguments a plain function the file does not show computes its answer from: those handed
   * as they are (`state = await reduce(state, action)`). A method of another object (a client, a
   * cluster) answers with what that object has, and a request built from a value
   * (`join({ id: this.id })`, `fetch(url, { body: token })`) is not the value. Nor is an answer
   * the caller only takes apart (`answerTakenApart`): a response record asked for with the value.
   */
  argumentsAsIs(call: TSESTree.CallExpression): TSESTree.Node[] {
    if (unwrap(call.callee).type !== AST_NODE_TYPES.Identifier || this.calledFunction(call.callee) || this.answerTakenApart(call)) return [];
    return call.arguments.filter((argument) => isPassedAsIs(argument));
  }

  /**
   * Whether the caller only takes the awaited answer apart: destructures it
   * (`const { user } = await login(this.user)`, `const [scopes, id] = await check(this.scopes)`), reads a property off it (`(await ask(key)).next`),
   * or keeps it in a local that it only reads properties of (`token.account`, `token.accessToken`).
   * Such an answer is a response record: the value passed in only chose what to ask for (an
   * account, a key, a host), and what the write stores is the callee's current answer, as fresh as
   * any other caller's. A reducer hands back the new value itself (`state = await reduce(state, a)`).
   */
  private answerTakenApart(call: TSESTree.CallExpression): boolean {
    const awaited = outerParent(call);
    if (awaited.parent?.type !== AST_NODE_TYPES.AwaitExpression) return false;
    const { parent, child } = outerParent(awaited.parent);
    if (parent?.type === AST_NODE_TYPES.MemberExpression) return parent.object === child;
    if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.init !== child) return false;
    if (parent.id.type === AST_NODE_TYPES.ObjectPattern || parent.id.type === AST_NODE_TYPES.ArrayPattern) return true;
    const local = parent.id.type === AST_NODE_TYPES.Identifier ? this.bindings.variableOf(parent.id) : null;
    const uses = local?.references.filter((reference) => !reference.init) ?? [];
    return (
      uses.length > 0 &&
      uses.every((reference) => {
        const { parent: member, child: used } = outerParent(reference.identifier as TSESTree.Node);
        return member?.type === AST_NODE_TYPES.MemberExpression && member.object === used;
      })
    );
  }

  private returnsFromParameters(fn: FunctionNode): boolean {
    const known = this.byFunction.get(fn);
    if (known !== undefined) return known;
    // Recursion through the function itself adds nothing: assume no until its returns say yes.
    this.byFunction.set(fn, false);
    const seen = new Set<Variable>();
    const result = returnedExpressions(fn).some((returned) => this.answerMentions(returned, fn, seen));
    this.byFunction.set(fn, result);
    return result;
  }

  /** A returned or awaited value: a call's promise settles with that call's answer. */
  private answerMentions(node: TSESTree.Node, fn: FunctionNode, seen: Set<Variable>): boolean {
    let inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrap(inner.argument);
    if (inner.type !== AST_NODE_TYPES.CallExpression) return this.mentions(inner, fn, seen);
    // `src.duplicate()` answers from the parameter; `new Api(this, options).request(req)` answers with what the server has.
    const receiver = calleeObject(inner);
    if (receiver && this.standsFor(receiver, fn)) return true;
    return this.usesArguments(inner) && inner.arguments.some((argument) => this.mentions(argument, fn, seen));
  }

  /**
   * Whether a value `fn` computes holds state from outside it: `this`, a variable of an enclosing
   * scope, or what a method of either answers. A call of another function passes on its arguments
   * only when it builds its answer from them.
   */
  private readsState(node: TSESTree.Node, fn: FunctionNode, seen: Set<Variable>): boolean {
    const inner = unwrap(node);
    if (isFunction(inner)) return false;
    if (inner.type === AST_NODE_TYPES.ThisExpression) return true;
    if (inner.type === AST_NODE_TYPES.CallExpression) {
      const receiver = calleeObject(inner);
      if (receiver && this.readsState(receiver, fn, seen)) return true;
      return this.usesArguments(inner) && inner.arguments.some((argument) => this.readsState(argument, fn, seen));
    }
    if (inner.type === AST_NODE_TYPES.NewExpression) return inner.arguments.some((argument) => this.readsState(argument, fn, seen));
    if (inner.type !== AST_NODE_TYPES.Identifier) return childNodes(inner).some((child) => this.readsState(child, fn, seen));
    const variable = this.bindings.variableOf(inner);
    if (!variable || variable.defs.length === 0 || seen.has(variable)) return false;
    if (this.bindings.declaringFunction(variable) !== fn) return true;
    seen.add(variable);
    return definedBy(variable, false, (declarator) => this.readsState(declarator.init!, fn, seen));
  }

  /** Whether `node` is one of `fn`'s parameters or a part of one (`src`, `src.inner`, a local initialised with either). */
  private standsFor(node: TSESTree.Node, fn: FunctionNode, seen = new Set<Variable>()): boolean {
    const inner = unwrap(node);
    if (inner.type === AST_NODE_TYPES.MemberExpression) return this.standsFor(inner.object, fn, seen);
    if (inner.type !== AST_NODE_TYPES.Identifier) return false;
    const variable = this.bindings.variableOf(inner);
    if (!variable || seen.has(variable) || this.bindings.declaringFunction(variable) !== fn) return false;
    seen.add(variable);
    return definedBy(variable, true, (declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && this.standsFor(declarator.init!, fn, seen));
  }

  /** Whether a value computed in `fn` uses one of its parameters, through the locals it initialises. */
  private mentions(node: TSESTree.Node, fn: FunctionNode, seen: Set<Variable>): boolean {
    const inner = unwrap(node);
    if (isFunction(inner)) return false;
    if (inner.type === AST_NODE_TYPES.AwaitExpression) return this.answerMentions(inner, fn, seen);
    if (inner.type !== AST_NODE_TYPES.Identifier) return childNodes(inner).some((child) => this.mentions(child, fn, seen));
    const variable = this.bindings.variableOf(inner);
    if (!variable || seen.has(variable) || this.bindings.declaringFunction(variable) !== fn) return false;
    seen.add(variable);
    return definedBy(variable, true, (declarator) => this.mentions(declarator.init!, fn, seen));
  }
}

/** Whether `variable` is a parameter (when `parameters`) or declared with an initialiser that passes `test`. */
function definedBy(variable: Variable, parameters: boolean, test: (declarator: TSESTree.VariableDeclarator) => boolean): boolean {
  return variable.defs.some(
    (def) => (parameters && def.type === 'Parameter') || (def.type === 'Variable' && def.node.type === AST_NODE_TYPES.VariableDeclarator && def.node.init !== null && test(def.node)),
  );
}

function isPassedAsIs(argument: TSESTree.Node): boolean {
  const inner = unwrap(argument);
  return inner.type === AST_NODE_TYPES.Identifier || inner.type === AST_NODE_TYPES.MemberExpression;
}
