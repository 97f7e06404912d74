import type { Point, Tree } from 'web-tree-sitter';

/**
 * A plain JavaScript copy of tree-sitter's tree, with the part of its Node API the analysis
 * uses. Every property of a web-tree-sitter Node is a call into WebAssembly; the analysis visits
 * each node many times, so one copy made with a cursor walk is several times faster.
 */
export class SyntaxNode {
  readonly children: SyntaxNode[] = [];
  readonly namedChildren: SyntaxNode[] = [];
  parent: SyntaxNode | null = null;
  private namedKids: SyntaxNode[] | null = null;

  constructor(
    readonly id: number,
    readonly type: string,
    readonly isNamed: boolean,
    readonly fieldName: string | null,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isMissing: boolean,
    private readonly source: SourceText,
  ) {}

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  /** Zero-based row and UTF-16 column, as tree-sitter's. */
  get startPosition(): Point {
    return this.source.pointAt(this.startIndex);
  }

  get endPosition(): Point {
    return this.source.pointAt(this.endIndex);
  }

  /** Named children other than comments. */
  get kids(): SyntaxNode[] {
    this.namedKids ??= this.namedChildren.filter((child) => child.type !== 'comment');
    return this.namedKids;
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  childForFieldName(name: string): SyntaxNode | null {
    for (const child of this.children) if (child.fieldName === name) return child;
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    return this.children.filter((child) => child.fieldName === name);
  }
}

/** The text a tree was parsed from, with its line starts for positions. */
class SourceText {
  private lineStarts: number[] | null = null;

  constructor(readonly text: string) {}

  pointAt(offset: number): Point {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let at = this.text.indexOf('\n'); at !== -1; at = this.text.indexOf('\n', at + 1)) this.lineStarts.push(at + 1);
    }
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: offset - this.lineStarts[low]! };
  }
}

export function copyTree(tree: Tree, text: string): SyntaxNode {
  const cursor = tree.walk();
  const source = new SourceText(text);
  const mayMiss = tree.rootNode.hasError;
  let nextId = 0;
  const make = (): SyntaxNode =>
    new SyntaxNode(nextId++, cursor.nodeType, cursor.nodeIsNamed, cursor.currentFieldName, cursor.startIndex, cursor.endIndex, mayMiss && cursor.nodeIsMissing, source);
  const root = make();
  let parent = root;
  if (cursor.gotoFirstChild()) {
    outer: for (;;) {
      const node = make();
      node.parent = parent;
      parent.children.push(node);
      if (node.isNamed) parent.namedChildren.push(node);
      if (cursor.gotoFirstChild()) {
        parent = node;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (parent === root || !cursor.gotoParent()) break outer;
        parent = parent.parent!;
      }
    }
  }
  cursor.delete();
  return root;
}

/** The first ERROR or MISSING node, in source order. */
export function firstSyntaxError(root: SyntaxNode): SyntaxNode | null {
  const pending = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node.isError || node.isMissing) return node;
    for (let i = node.children.length - 1; i >= 0; i--) pending.push(node.children[i]!);
  }
  return null;
}
