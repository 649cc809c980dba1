/** The expression language after parsing: small, closed, and safe to walk. */

export type BinaryOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
export type LogicalOperator = '&&' | '||';

/** A path segment after the root name: `.name` or `['name']` or `[0]`. */
export type Segment = string | number;

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  /** `inputs.version`, `steps.build.outputs.sha`, `workflow.name`, `secrets.DEPLOY_KEY`, `event.branch`. */
  | { kind: 'reference'; root: ReferenceRoot; path: Segment[] }
  | { kind: 'not'; argument: Expr }
  | { kind: 'negate'; argument: Expr }
  | { kind: 'binary'; operator: BinaryOperator; left: Expr; right: Expr }
  | { kind: 'logical'; operator: LogicalOperator; left: Expr; right: Expr }
  | { kind: 'call'; name: FunctionName; args: Expr[] };

export const REFERENCE_ROOTS = [
  'inputs',
  'steps',
  'workflow',
  'secrets',
  'event',
  'matrix',
  'item',
] as const;
export type ReferenceRoot = (typeof REFERENCE_ROOTS)[number];

/** Each function with its arity: [min, max]. */
export const FUNCTIONS = {
  contains: [2, 2],
  startsWith: [2, 2],
  endsWith: [2, 2],
  format: [1, Number.POSITIVE_INFINITY],
  toJSON: [1, 1],
} as const;
export type FunctionName = keyof typeof FUNCTIONS;
export const FUNCTION_NAMES = Object.keys(FUNCTIONS) as FunctionName[];

/** `inputs.version`, `steps.build.outputs['my key']`. */
export function referenceText(root: string, path: readonly Segment[]): string {
  let text = root;
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) text += `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** Every reference in an expression, in reading order. */
export function referencesOf(expr: Expr): Array<Extract<Expr, { kind: 'reference' }>> {
  const found: Array<Extract<Expr, { kind: 'reference' }>> = [];
  const walk = (node: Expr): void => {
    switch (node.kind) {
      case 'literal':
        return;
      case 'reference':
        found.push(node);
        return;
      case 'not':
      case 'negate':
        walk(node.argument);
        return;
      case 'binary':
      case 'logical':
        walk(node.left);
        walk(node.right);
        return;
      case 'call':
        for (const arg of node.args) walk(arg);
        return;
      default: {
        const _never: never = node;
        throw new Error(`unknown expression node ${JSON.stringify(_never)}`);
      }
    }
  };
  walk(expr);
  return found;
}

/** `secrets.NAME`'s reference, when `expr` is exactly that and nothing more. */
export function secretReference(expr: Expr): string | undefined {
  if (expr.kind !== 'reference' || expr.root !== 'secrets') return undefined;
  const [name, ...rest] = expr.path;
  return typeof name === 'string' && rest.length === 0 ? name : undefined;
}
