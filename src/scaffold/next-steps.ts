/**
 * What to do after `wfo new`, read from the files it planned: the Temporal CLI command that starts
 * the new workflow (its type, the worker's task queue, an input with the fields its input type
 * requires) and the environment variables its activities read.
 */
import type { ts as TS } from 'ts-morph';
import { loadTypeScript, ts } from '../ts.js';
import type { Layout } from './layout.js';
import type { Name } from './names.js';
import type { PlannedFile } from './plan.js';

export interface NextSteps {
  /** `temporal workflow start …`, when the plan has a workflow function. */
  readonly start?: string;
  /** Environment variables the activities read, with the default each falls back to. */
  readonly env: { readonly name: string; readonly default?: string }[];
}

/** Nested input types are spelled out this deep; deeper ones are `{}`. */
const MAX_DEPTH = 3;

export function nextSteps(plan: readonly PlannedFile[], name: Name, layout: Pick<Layout, 'workflowsBarrel' | 'activitiesDir' | 'taskQueue'>): NextSteps {
  loadTypeScript();
  const sources = plan.filter((f) => /\.tsx?$/.test(f.path)).map((f) => ts.createSourceFile(f.path, f.content, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS));
  const workflowModules = new Set(plan.filter((f) => f.path === layout.workflowsBarrel && f.reExports).map((f) => f.reExports!));
  const workflows = sources.filter((s) => workflowModules.has(s.fileName)).flatMap((s) => s.statements.filter(isExportedAsyncFunction));
  const workflow = workflows.find((w) => w.name?.text === name.camel) ?? workflows[0];
  const activities = plan.filter((f) => isUnder(f.path, layout.activitiesDir));
  return {
    ...(workflow?.name ? { start: startCommand(workflow, sources, name, layout.taskQueue ?? name.kebab) } : {}),
    env: environment(activities.map((f) => f.content).join('\n')),
  };
}

function startCommand(workflow: TS.FunctionDeclaration, sources: readonly TS.SourceFile[], name: Name, taskQueue: string): string {
  const parameter = workflow.parameters[0];
  const input = parameter?.type ? ` --input ${shellQuote(JSON.stringify(sample(parameter.type, sources, 0)))}` : '';
  return `temporal workflow start --task-queue ${shellQuote(taskQueue)} --type ${workflow.name!.text} --workflow-id ${name.kebab}-1${input}`;
}

/** A value of the type with every required property, placeholders for strings: something to edit, not to send as is. */
function sample(type: TS.TypeNode, sources: readonly TS.SourceFile[], depth: number): unknown {
  if (ts.isParenthesizedTypeNode(type)) return sample(type.type, sources, depth);
  if (ts.isTypeOperatorNode(type)) return sample(type.type, sources, depth); // readonly T[]
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return [];
  if (ts.isUnionTypeNode(type)) return sample(type.types.find((t) => !isNullish(t)) ?? type.types[0]!, sources, depth);
  if (ts.isLiteralTypeNode(type)) return ts.isStringLiteral(type.literal) ? type.literal.text : ts.isNumericLiteral(type.literal) ? Number(type.literal.text) : type.literal.kind === ts.SyntaxKind.TrueKeyword;
  if (type.kind === ts.SyntaxKind.StringKeyword) return '…';
  if (type.kind === ts.SyntaxKind.NumberKeyword) return 0;
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return false;
  if (ts.isTypeLiteralNode(type)) return depth < MAX_DEPTH ? properties(type.members, sources, depth) : {};
  if (ts.isTypeReferenceNode(type)) {
    const referenced = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (/^(Readonly)?Array$/.test(referenced)) return [];
    if (referenced === 'Readonly' && type.typeArguments?.[0]) return sample(type.typeArguments[0], sources, depth);
    const declaration = depth < MAX_DEPTH ? findType(referenced, sources) : undefined;
    if (declaration && ts.isInterfaceDeclaration(declaration)) return properties(declaration.members, sources, depth + 1);
    if (declaration && ts.isTypeAliasDeclaration(declaration)) return sample(declaration.type, sources, depth + 1);
  }
  return {};
}

function properties(members: TS.NodeArray<TS.TypeElement>, sources: readonly TS.SourceFile[], depth: number): Record<string, unknown> {
  const value: Record<string, unknown> = {};
  for (const member of members) {
    if (!ts.isPropertySignature(member) || member.questionToken || !member.type || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
    value[member.name.text] = sample(member.type, sources, depth + 1);
  }
  return value;
}

function findType(typeName: string, sources: readonly TS.SourceFile[]): TS.InterfaceDeclaration | TS.TypeAliasDeclaration | undefined {
  for (const source of sources) {
    for (const statement of source.statements) {
      if ((ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name.text === typeName) return statement;
    }
  }
  return undefined;
}

function isNullish(type: TS.TypeNode): boolean {
  return type.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword);
}

function isExportedAsyncFunction(statement: TS.Statement): statement is TS.FunctionDeclaration {
  const modifiers = ts.isFunctionDeclaration(statement) ? (statement.modifiers ?? []) : [];
  return modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) && modifiers.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/** `process.env.X` and `process.env['X']`, with the `?? 'default'` that follows, in order of first use. */
function environment(code: string): { name: string; default?: string }[] {
  const found = new Map<string, string | undefined>();
  for (const match of code.matchAll(/process\.env(?:\.([A-Za-z_$][\w$]*)|\[\s*(['"])([^'"]+)\2\s*\])(?:\s*(?:\?\?|\|\|)\s*(['"`])([^'"`$]*)\4)?/g)) {
    const variable = (match[1] ?? match[3])!;
    if (!found.has(variable) || found.get(variable) === undefined) found.set(variable, match[5]);
  }
  return [...found].map(([variable, fallback]) => (fallback === undefined ? { name: variable } : { name: variable, default: fallback }));
}

function isUnder(file: string, dir: string): boolean {
  return dir === '.' || file.startsWith(`${dir}/`);
}

/** POSIX shell quoting, only when needed. */
function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
