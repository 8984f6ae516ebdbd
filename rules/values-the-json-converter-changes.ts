import type { ts as TS } from 'ts-morph';
import { type FunctionNode, isFunctionNode } from '../src/analysis/message-handlers.js';
import { usesCustomPayloadConverter } from '../src/analysis/payload-converter.js';
import { stringValue, treeMemo, unwrapExpression } from '../src/analysis/syntax.js';
import { WORKFLOW_MODULE, workflowApi } from '../src/analysis/temporal-calls.js';
import { JSON_CHANGED_TYPES, PAYLOAD_CONTAINERS } from '../src/domain/json-payloads.js';
import { defineRule, type RuleContext } from '../src/lint/rule.js';
import type { ProjectModel } from '../src/project/project-model.js';
import { ts } from '../src/ts.js';

/** What the default payload converter makes of values JSON cannot carry: src/domain/json-payloads.ts. */
const ARRIVES = JSON_CHANGED_TYPES;
const BIGINT = 'cannot be sent: JSON.stringify throws on a bigint, and the call fails';
const FUNCTION = 'is dropped: JSON has no functions';

const CONTAINERS = PAYLOAD_CONTAINERS;

/** The message definitions of @temporalio/workflow and where their payload types are: `defineUpdate<Ret, Args>`. */
const DEFINITIONS: Record<string, { kind: string; result?: number; args: number }> = {
  defineSignal: { kind: 'signal', args: 0 },
  defineUpdate: { kind: 'update', result: 0, args: 1 },
  defineQuery: { kind: 'query', result: 0, args: 1 },
};

const MAX_DEPTH = 6;

interface Problem {
  /** Where in the value: `input.at`, `items[]`, `result`. */
  readonly path: string;
  readonly type: string;
  readonly arrives: string;
}

type Context = RuleContext<'changed'>;

export default defineRule({
  meta: {
    id: 'values-the-json-converter-changes',
    description: 'Activity, workflow and message payloads declared as types the default JSON payload converter changes (Date, Map, Set, bigint, functions, class instances)',
    context: 'both',
    severity: 'warn',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/converters-and-encryption',
    messages: {
      changed:
        "{{what}} values the default payload converter changes on the way: {{problems}}. Payloads are JSON (JSON.stringify, then JSON.parse on the other side), and TypeScript's types do not survive that. Send plain data (an ISO string or epoch number for a date, an array of entries for a Map or Set, a string for a bigint, a plain object for a class instance) and rebuild the value where it arrives, or register a payload converter that handles it (payloadConverterPath).",
    },
  },
  create(context) {
    return {
      SourceFile(sourceFile: TS.SourceFile) {
        if (usesCustomPayloadConverter(context.model)) return;
        const report = (node: TS.Node, what: string, problems: Problem[]): void => {
          if (problems.length) context.report({ node, messageId: 'changed', data: { what, problems: describe(problems) } });
        };
        if (context.kind === 'activity') {
          for (const { name, fn } of activityFunctions(context)) report(name, `The activity '${name.text}' takes or returns`, signatureProblems(fn, context));
          return;
        }
        if (definesWorkflows(context))
          for (const statement of sourceFile.statements) {
            const found = topLevelFunction(statement);
            const chain = found && context.reach(found.fn);
            if (found && isWorkflowChain(chain)) report(found.name, `The workflow '${found.name.text}' takes or returns`, signatureProblems(found.fn, context));
          }
        // Definitions are calls of @temporalio/workflow's factories (workflowApi), named or through a namespace.
        if (!context.module.summary.references.some((r) => r.specifier === WORKFLOW_MODULE)) return;
        for (const call of definitionCalls(sourceFile)) {
          const definition = DEFINITIONS[workflowApi(call)!]!;
          const name = stringValue(call.arguments[0]) ?? call.getText();
          const types = call.typeArguments ?? [];
          const problems = [
            ...(definition.result !== undefined && types[definition.result] ? typeProblems(types[definition.result]!, 'result', context, 0, new Set()) : []),
            ...(types[definition.args] ? typeProblems(types[definition.args]!, 'args', context, 0, new Set()) : []),
          ];
          report(call, `The ${definition.kind} '${name}' carries`, problems);
        }
      },
    };
  },
});

/** The call chain of a workflow function itself: the module's code that a workflow runs as the workflow. */
function isWorkflowChain(chain: readonly string[] | undefined): boolean {
  return chain?.length === 1 && chain[0]!.startsWith('workflow ');
}

/** Some function of the module is a workflow (see RuleContext.reach): elsewhere, no signature is a workflow's. */
function definesWorkflows(context: Context): boolean {
  const runs = context.membership.runs;
  if (runs) for (const chain of runs.values()) if (isWorkflowChain(chain)) return true;
  return false;
}

function describe(problems: Problem[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const p of problems) {
    const text = `${p.path} (${p.type}) ${p.arrives}`;
    if (!seen.has(text)) parts.push(text);
    seen.add(text);
  }
  return parts.slice(0, 4).join('; ') + (parts.length > 4 ? '; …' : '');
}

/** Parameters and the result (the `T` of `Promise<T>`) of a function, from its annotations. */
function signatureProblems(fn: FunctionNode, context: Context): Problem[] {
  const problems: Problem[] = [];
  for (const parameter of fn.parameters) {
    if (!parameter.type) continue;
    const name = ts.isIdentifier(parameter.name) ? parameter.name.text : 'argument';
    problems.push(...typeProblems(parameter.type, name, context, 0, new Set()));
  }
  const received = problems.filter((p) => !(p.type === 'Date' && rebuiltWhereRead(fn, p.path)));
  if (fn.type) received.push(...typeProblems(fn.type, 'result', context, 0, new Set()));
  // A function that takes or returns callbacks is a helper that happens to look like an entry point
  // (a library's `bindSignalHandler(def, handler)`): no client starts a workflow or an activity so.
  return received.some((p) => p.arrives === FUNCTION) ? [] : received;
}

/**
 * A Date parameter (or a Date property of one, `input.deadline`) that the code only ever reads as
 * `new Date(x)` or `Date.parse(x)`: it rebuilds the value from the ISO string that arrives, as the
 * message asks. A parameter itself is judged by its reads in the function; a property by every read
 * of that property name in the file (helpers the input is handed to included), none of it taken
 * out by destructuring. Paths through arrays, tuples and records are not judged.
 */
function rebuiltWhereRead(fn: FunctionNode, path: string): boolean {
  if (/[[\]]/.test(path)) return false;
  const parts = path.split('.');
  const property = parts.length > 1 ? parts[parts.length - 1]! : undefined;
  let reads = 0;
  let other = false;
  const visit = (node: TS.Node): void => {
    if (other) return;
    if (property === undefined ? ts.isIdentifier(node) && node.text === path && isRead(node) : ts.isPropertyAccessExpression(node) && node.name.text === property) {
      reads++;
      if (!rebuildsDate(node)) other = true;
      return;
    }
    if (property !== undefined && ts.isBindingElement(node) && ((node.propertyName ?? node.name).getText() === property)) other = true;
    ts.forEachChild(node, visit);
  };
  visit(property === undefined ? fn.body ?? fn : fn.getSourceFile());
  return reads > 0 && !other;
}

function isRead(identifier: TS.Identifier): boolean {
  const parent = identifier.parent;
  return !(ts.isParameter(parent) || (ts.isPropertyAccessExpression(parent) && parent.name === identifier) || (ts.isPropertyAssignment(parent) && parent.name === identifier));
}

/** `new Date(x)`, `Date.parse(x)`, through parentheses, `as`, `!`. */
function rebuildsDate(read: TS.Node): boolean {
  let node: TS.Node = read;
  while (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isNonNullExpression(node.parent) || ts.isSatisfiesExpression(node.parent)) node = node.parent;
  const use = node.parent;
  if (ts.isNewExpression(use)) return use.arguments?.[0] === node && ts.isIdentifier(use.expression) && use.expression.text === 'Date';
  return ts.isCallExpression(use) && use.arguments[0] === node && use.expression.getText() === 'Date.parse';
}

/** What in a declared type the JSON converter changes, following the project's own declarations. */
function typeProblems(type: TS.TypeNode, path: string, context: Context, depth: number, seen: Set<TS.Node>): Problem[] {
  if (depth > MAX_DEPTH) return [];
  // `string`, `number`, `boolean`… travel as they are; most members of a payload are one.
  if (type.kind >= ts.SyntaxKind.FirstKeyword && type.kind <= ts.SyntaxKind.LastKeyword && type.kind !== ts.SyntaxKind.BigIntKeyword) return [];
  const problem = (arrives: string): Problem[] => [{ path, type: type.getText(), arrives }];
  if (type.kind === ts.SyntaxKind.BigIntKeyword) return problem(BIGINT);
  if (ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type)) return problem(FUNCTION);
  if (ts.isParenthesizedTypeNode(type)) return typeProblems(type.type, path, context, depth, seen);
  if (ts.isArrayTypeNode(type)) return typeProblems(type.elementType, `${path}[]`, context, depth + 1, seen);
  if (ts.isTupleTypeNode(type)) return type.elements.flatMap((e, i) => typeProblems(ts.isNamedTupleMember(e) ? e.type : e, `${path}[${i}]`, context, depth + 1, seen));
  if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type)) return type.types.flatMap((t) => typeProblems(t, path, context, depth + 1, seen));
  if (ts.isTypeLiteralNode(type)) return membersProblems(type.members, path, context, depth, seen);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return [];
  const name = type.typeName.text;
  const declared = declarationOf(name, type, context);
  if (!declared) {
    const arrives = ARRIVES[name];
    if (arrives) return problem(arrives);
    if (name === 'Record') return type.typeArguments?.[1] ? typeProblems(type.typeArguments[1], `${path}[key]`, context, depth + 1, seen) : [];
    if (CONTAINERS.has(name)) {
      const [inner] = type.typeArguments ?? [];
      const innerPath = name === 'Array' || name === 'ReadonlyArray' ? `${path}[]` : path;
      return inner ? typeProblems(inner, innerPath, context, depth + 1, seen) : [];
    }
    return [];
  }
  if (seen.has(declared)) return [];
  seen.add(declared);
  if (ts.isClassDeclaration(declared)) {
    const methods = declared.members.filter((m) => (ts.isMethodDeclaration(m) || ts.isGetAccessorDeclaration(m)) && !hasStatic(m));
    if (methods.length) return problem(`arrives as a plain object, without ${name}'s methods (${methods.map((m) => m.name?.getText() ?? '').slice(0, 3).join(', ')}${methods.length > 3 ? ', …' : ''})`);
    return membersProblems(declared.members, path, context, depth, seen);
  }
  if (ts.isInterfaceDeclaration(declared)) return membersProblems(declared.members, path, context, depth, seen);
  if (ts.isTypeAliasDeclaration(declared)) return typeProblems(declared.type, path, context, depth + 1, seen);
  return [];
}

function membersProblems(members: readonly TS.Node[], path: string, context: Context, depth: number, seen: Set<TS.Node>): Problem[] {
  const problems: Problem[] = [];
  for (const member of members) {
    const name = (member as { name?: TS.PropertyName }).name;
    const key = name && (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isPrivateIdentifier(name)) ? name.text : '[key]';
    if ((ts.isPropertySignature(member) || ts.isPropertyDeclaration(member)) && member.type && !hasStatic(member)) problems.push(...typeProblems(member.type, `${path}.${key}`, context, depth + 1, seen));
    else if (ts.isMethodSignature(member)) problems.push({ path: `${path}.${key}`, type: member.getText().replace(/;$/, ''), arrives: FUNCTION });
    else if (ts.isIndexSignatureDeclaration(member) && member.type) problems.push(...typeProblems(member.type, `${path}[key]`, context, depth + 1, seen));
  }
  return problems;
}

function hasStatic(node: TS.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.StaticKeyword);
}

type TypeDeclaration = TS.InterfaceDeclaration | TS.TypeAliasDeclaration | TS.ClassDeclaration;

/**
 * The interface, type alias or class a type name stands for: declared in the file (a type parameter
 * or any other binding of the name hides nothing we know), or exported by the project module it is
 * imported from (through `export * from` barrels). A global (`Date`, `Map`) has none.
 */
function declarationOf(name: string, at: TS.Node, context: Context): TypeDeclaration | undefined {
  // A type parameter of an enclosing declaration (`Box<T>`'s `T`) stands for whatever the use passes.
  for (let node: TS.Node | undefined = at.parent; node; node = node.parent) {
    const parameters = (node as { typeParameters?: TS.NodeArray<TS.TypeParameterDeclaration> }).typeParameters;
    if (parameters?.some((p) => p.name.text === name)) return undefined;
  }
  const own = typeDeclarations(at.getSourceFile()).get(name);
  // Imports are followed from the linted file only: one import away, as far as the lint cache looks.
  if (own || at.getSourceFile() !== context.sourceFile) return own;
  const module = context.module;
  for (const [index, reference] of module.facts.references.entries()) {
    const binding = reference.bindings.find((b) => b.local === name);
    const resolution = module.resolutions[index];
    if (!binding || binding.imported === '*' || resolution?.kind !== 'file') continue;
    return exportedTypes(context.model, resolution.file, 0).get(binding.imported);
  }
  return undefined;
}

const ownTypes = treeMemo<ReadonlyMap<string, TypeDeclaration>>();

/** The file's top-level interfaces, type aliases and classes by name (the first of a name wins). */
function typeDeclarations(sourceFile: TS.SourceFile): ReadonlyMap<string, TypeDeclaration> {
  let found = ownTypes.get(sourceFile);
  if (!found) {
    const byName = new Map<string, TypeDeclaration>();
    for (const statement of sourceFile.statements)
      if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name && !byName.has(statement.name.text)) byName.set(statement.name.text, statement);
    ownTypes.set(sourceFile, (found = byName));
  }
  return found;
}

const NO_TYPES: ReadonlyMap<string, TypeDeclaration> = new Map();
/** By the module's tree, or by its summary for a module whose own types are plain data (never parsed for this). */
const exportedTypesMemo = new WeakMap<object, (ReadonlyMap<string, TypeDeclaration> | undefined)[]>();

/**
 * Every type name `file` exports with its declaration: its own, then what each `export … from`
 * brings (all of them through barrels, the first module that has a name wins), at most three
 * modules deep from the linted file's import. Worked out once per module and depth: a barrel of
 * hundreds of modules is read once, not once per type that is looked up through it. A module whose
 * types the model found plain data (ModuleSummary.plainDataTypes) adds none of its own and is not
 * parsed: its types would give no problem, and a name it declares that the rule knows by name
 * (`Date`, `Record`) keeps it from being plain.
 */
function exportedTypes(model: ProjectModel, file: string, depth: number): ReadonlyMap<string, TypeDeclaration> {
  const module = model.modules.get(file);
  if (!module || module.problem || depth > 3) return NO_TYPES;
  const summary = module.summary;
  const plain = summary.plainDataTypes === true;
  if (plain && !summary.references.some((r) => r.kind === 'export')) return NO_TYPES;
  const key = plain ? summary : module.sourceFile;
  let byDepth = exportedTypesMemo.get(key);
  if (!byDepth) exportedTypesMemo.set(key, (byDepth = []));
  let found = byDepth[depth];
  if (found) return found;
  const own = plain ? NO_TYPES : typeDeclarations(module.sourceFile);
  let all: Map<string, TypeDeclaration> | undefined;
  for (const [index, reference] of summary.references.entries()) {
    const resolution = module.resolutions[index];
    if (reference.kind !== 'export' || resolution?.kind !== 'file') continue;
    const target = exportedTypes(model, resolution.file, depth + 1);
    const add = (name: string, declaration: TypeDeclaration | undefined): void => {
      if (!declaration || own.has(name) || all?.has(name)) return;
      all ??= new Map(own);
      all.set(name, declaration);
    };
    if (!reference.locals.length) for (const [name, declaration] of target) add(name, declaration);
    else for (const [i, local] of reference.locals.entries()) if (reference.locals.indexOf(local) === i) add(local, target.get(reference.imported[i]!));
  }
  found = all ?? own;
  byDepth[depth] = found;
  return found;
}

/** `function f(…)` or `const f = (…) => …` at the top of the module. */
function topLevelFunction(statement: TS.Statement): { name: TS.Identifier; fn: FunctionNode } | undefined {
  if (ts.isFunctionDeclaration(statement) && statement.name && statement.body) return { name: statement.name, fn: statement };
  if (!ts.isVariableStatement(statement)) return undefined;
  const [declaration] = statement.declarationList.declarations;
  const init = declaration?.initializer && unwrapExpression(declaration.initializer);
  return declaration && ts.isIdentifier(declaration.name) && init && isFunctionNode(init) ? { name: declaration.name, fn: init } : undefined;
}

/** The module's activity implementations that the worker registers or a proxy's `typeof` names. */
function activityFunctions(context: Context): { name: TS.Identifier; fn: FunctionNode }[] {
  const names = context.model.activityImplementations.get(context.module.path);
  if (!names) return [];
  const all = names.has('*');
  const exported = (node: TS.Node): boolean => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  return context.sourceFile.statements.flatMap((statement) => {
    const found = topLevelFunction(statement);
    return found && (all ? exported(statement) : names.has(found.name.text)) ? [found] : [];
  });
}

/** `defineSignal<…>(…)`, `defineUpdate<…>(…)`, `defineQuery<…>(…)` calls with type arguments, at the module's top level. */
function definitionCalls(sourceFile: TS.SourceFile): TS.CallExpression[] {
  const calls: TS.CallExpression[] = [];
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      const init = declaration.initializer && unwrapExpression(declaration.initializer);
      if (init && ts.isCallExpression(init) && init.typeArguments?.length && DEFINITIONS[workflowApi(init) ?? '']) calls.push(init);
    }
  }
  return calls;
}
