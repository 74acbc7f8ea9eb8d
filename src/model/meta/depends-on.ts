// Frappe's `depends_on`, `mandatory_depends_on` and `read_only_depends_on` (`layout.js`
// `evaluate_depends_on_value`): a plain fieldname (true when that value is set; a table when it has rows) or
// `eval:<expression>`. The expression is parsed by a tiny language of its own, never `eval`: literals, `doc.x`
// / `parent.x` / `doc["x"]`, `.length`, `! && || == != === !== < <= > >= + -`, parentheses, `[a, b]` and
// `in_list(list, value)`. Anything else does not parse, and the caller's fallback applies.
// Shared by the server (mandatory and read-only checks on save) and the desk (which imports it from here):
// it must stay free of Node and browser APIs.

/** A document or child row as the expressions see it. */
export type ExpressionDoc = Record<string, unknown>;

/** The DocField properties the evaluation reads. */
export interface DependentField {
  reqd?: unknown;
  read_only?: unknown;
  [key: string]: unknown;
}

type Node =
  | { k: 'lit'; v: unknown }
  | { k: 'var'; name: string }
  | { k: 'get'; of: Node; key: Node }
  | { k: 'not' | 'neg'; of: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'list'; items: Node[] }
  | { k: 'call'; name: string; args: Node[] };

const tokenPattern =
  /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|([A-Za-z_$][\w$]*)|(===|!==|==|!=|<=|>=|&&|\|\||[!<>()[\].,+-]))/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  let at = 0;
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break;
    tokenPattern.lastIndex = at;
    const m = tokenPattern.exec(source);
    if (!m) throw new SyntaxError(`unexpected "${source.slice(at, at + 10)}"`);
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4]!);
    at = tokenPattern.lastIndex;
  }
  return tokens;
}

const functions: Record<string, (...args: unknown[]) => unknown> = {
  in_list: (list, value) => Array.isArray(list) && list.some((item) => looseEquals(item, value)),
  cint: (v) => Math.trunc(Number(v)) || 0,
  flt: (v) => Number(v) || 0,
};

function parse(source: string): Node {
  const tokens = tokenize(source);
  let i = 0;
  const peek = () => tokens[i];
  const take = (expected?: string) => {
    const token = tokens[i++];
    if (token === undefined || (expected !== undefined && token !== expected))
      throw new SyntaxError(`expected ${expected ?? 'more'}`);
    return token;
  };
  const binary = (next: () => Node, ops: string[]) => () => {
    let node = next();
    while (ops.includes(peek() ?? '')) {
      const op = take();
      node = { k: 'bin', op, a: node, b: next() };
    }
    return node;
  };
  const primary = (): Node => {
    const token = take();
    if (/^\d/.test(token)) return { k: 'lit', v: Number(token) };
    if (token[0] === '"' || token[0] === "'") return { k: 'lit', v: unquote(token) };
    if (token === '(') {
      const inner = or();
      take(')');
      return inner;
    }
    if (token === '[') {
      const items: Node[] = [];
      while (peek() !== ']') {
        items.push(or());
        if (peek() === ',') take();
        else break;
      }
      take(']');
      return { k: 'list', items };
    }
    const literals: Record<string, unknown> = { true: true, false: false, null: null, undefined: undefined };
    if (token in literals) return { k: 'lit', v: literals[token] };
    if (/^[A-Za-z_$]/.test(token)) {
      if (peek() === '(' && token in functions) {
        take('(');
        const args: Node[] = [];
        while (peek() !== ')') {
          args.push(or());
          if (peek() === ',') take();
          else break;
        }
        take(')');
        return { k: 'call', name: token, args };
      }
      return { k: 'var', name: token };
    }
    throw new SyntaxError(`unexpected "${token}"`);
  };
  const postfix = (): Node => {
    let node = primary();
    for (;;) {
      if (peek() === '.') {
        take();
        const key = take();
        if (!/^[A-Za-z_$]/.test(key)) throw new SyntaxError('expected a name after "."');
        node = { k: 'get', of: node, key: { k: 'lit', v: key } };
      } else if (peek() === '[') {
        take();
        node = { k: 'get', of: node, key: or() };
        take(']');
      } else return node;
    }
  };
  const unary = (): Node => {
    const op = peek();
    if (op !== '!' && op !== '-') return postfix();
    take();
    return { k: op === '!' ? 'not' : 'neg', of: unary() };
  };
  const additive = binary(unary, ['+', '-']);
  const relational = binary(additive, ['<', '<=', '>', '>=']);
  const equality = binary(relational, ['==', '!=', '===', '!==']);
  const and = binary(equality, ['&&']);
  const or = binary(and, ['||']);
  const node = or();
  if (i !== tokens.length) throw new SyntaxError(`unexpected "${tokens[i]}"`);
  return node;
}

function unquote(token: string): string {
  return token.slice(1, -1).replace(/\\(.)/g, (_, c: string) => ({ n: '\n', t: '\t' })[c] ?? c);
}

// JavaScript's `==` for the values a document holds: null and undefined alike, numbers against numeric text.
function looseEquals(a: unknown, b: unknown): boolean {
  if (a === null || a === undefined || b === null || b === undefined)
    return (a ?? null) === null && (b ?? null) === null;
  if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) === Number(b);
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return a === b;
}

// Own data only: no prototype walk (`constructor`, `__proto__`) out of the document.
function property(of: unknown, key: unknown): unknown {
  if (of === null || of === undefined) return undefined;
  if (key === 'length' && (typeof of === 'string' || Array.isArray(of))) return of.length;
  if (typeof of !== 'object') return undefined;
  const name = String(key);
  return Object.hasOwn(of, name) ? (of as Record<string, unknown>)[name] : undefined;
}

function evaluate(node: Node, scope: Record<string, unknown>): unknown {
  switch (node.k) {
    case 'lit':
      return node.v;
    case 'var':
      return Object.hasOwn(scope, node.name) ? scope[node.name] : undefined;
    case 'get':
      return property(evaluate(node.of, scope), evaluate(node.key, scope));
    case 'not':
      return !evaluate(node.of, scope);
    case 'neg':
      return -Number(evaluate(node.of, scope));
    case 'list':
      return node.items.map((item) => evaluate(item, scope));
    case 'call':
      return functions[node.name]!(...node.args.map((arg) => evaluate(arg, scope)));
    case 'bin': {
      const a = evaluate(node.a, scope);
      if (node.op === '&&') return a ? evaluate(node.b, scope) : a;
      if (node.op === '||') return a ? a : evaluate(node.b, scope);
      const b = evaluate(node.b, scope);
      switch (node.op) {
        case '==':
          return looseEquals(a, b);
        case '!=':
          return !looseEquals(a, b);
        case '===':
          return a === b;
        case '!==':
          return a !== b;
        case '+':
          return typeof a === 'number' && typeof b === 'number' ? a + b : `${a ?? ''}${b ?? ''}`;
        case '-':
          return Number(a) - Number(b);
        default:
          return compare(node.op, a, b);
      }
    }
  }
}

function compare(op: string, a: unknown, b: unknown): boolean {
  const [x, y] = typeof a === 'string' && typeof b === 'string' ? [a, b] : [Number(a ?? 0), Number(b ?? 0)];
  if (op === '<') return x < y;
  if (op === '<=') return x <= y;
  if (op === '>') return x > y;
  return x >= y;
}

const parsed = new Map<string, Node | SyntaxError>();

/**
 * Whether a `depends_on`-style expression holds for `doc` (`parent` is the form's document when `doc` is a
 * child row). An empty expression is `fallback`; so is one that does not parse (reported once on the console).
 *
 * @example dependsOnHolds("eval:doc.status == 'Open' && !doc.closed", doc, undefined, true)
 */
export function dependsOnHolds(
  expression: string | undefined,
  doc: ExpressionDoc,
  parent: ExpressionDoc | undefined,
  fallback: boolean,
): boolean {
  const text = expression?.trim();
  if (!text) return fallback;
  if (!text.startsWith('eval:')) {
    const value = doc[text];
    return Array.isArray(value) ? value.length > 0 : Boolean(value);
  }
  const source = text.slice(5);
  let node = parsed.get(source);
  if (!node) {
    try {
      node = parse(source);
    } catch (error) {
      node = error instanceof SyntaxError ? error : new SyntaxError(String(error));
      console.warn(`Cannot evaluate "${text}": ${node.message}`);
    }
    parsed.set(source, node);
  }
  if (node instanceof SyntaxError) return fallback;
  return Boolean(evaluate(node, { doc, parent: parent ?? doc }));
}

/** A field's `depends_on`, `mandatory_depends_on` and `read_only_depends_on` as they stand for `doc`. */
export interface FieldState {
  visible: boolean;
  mandatory: boolean;
  readOnly: boolean;
}

/**
 * The field's display state for `doc`: its static `reqd`/`read_only` flags, or what the matching
 * `*_depends_on` expression says when it has one.
 */
export function fieldState(field: DependentField, doc: ExpressionDoc, parent?: ExpressionDoc): FieldState {
  const text = (key: string) => (typeof field[key] === 'string' ? (field[key] as string) : undefined);
  const mandatoryOn = text('mandatory_depends_on');
  const readOnlyOn = text('read_only_depends_on');
  return {
    visible: dependsOnHolds(text('depends_on'), doc, parent, true),
    mandatory: mandatoryOn?.trim() ? dependsOnHolds(mandatoryOn, doc, parent, false) : Boolean(field.reqd),
    readOnly: readOnlyOn?.trim() ? dependsOnHolds(readOnlyOn, doc, parent, false) : Boolean(field.read_only),
  };
}
