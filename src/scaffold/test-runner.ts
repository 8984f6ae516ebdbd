/**
 * Which runner `npm test` runs, and for mocha, which files its spec takes: generated tests must be
 * tests the project actually runs. The templates are written for `node:test`; a mocha project gets
 * them in the folder and under the name its spec matches (mocha-tests.ts turns their contents into
 * mocha suites). Read, never run: wfo imports nothing from the project, so a `.mocharc.js` is read
 * for a literal `spec`, as JSON is.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import picomatch from 'picomatch';
import { parseJsonc } from '../project/jsonc.js';
import { readCompilerSettings } from '../project/tsconfig.js';

export type TestRunner = { readonly kind: 'node:test' } | MochaRunner;

export interface MochaRunner {
  readonly kind: 'mocha';
  /** Project-relative POSIX globs or folders, as mocha resolves them from the project root. */
  readonly specs: readonly string[];
  /** Extensions a folder spec takes (mocha's default and `extension`). */
  readonly extensions: readonly string[];
  readonly recursive: boolean;
  /** Where the specs came from, for messages: "the test script", ".mocharc.json"… */
  readonly from: string;
  /** Compiled tests (`mocha lib/**\/*.test.js`): the source folder that compiles to the build folder. */
  readonly build?: { readonly outDir: string; readonly rootDir: string };
}

/** Mocha's own defaults (lib/cli/run-option-metadata.js, lib/mocharc.json). */
const MOCHA_DEFAULT_SPEC = './test';
const MOCHA_DEFAULT_EXTENSIONS = ['js', 'cjs', 'mjs'];
/** Config files in mocha's order of precedence (lib/cli/config.js). */
const MOCHARC = ['.mocharc.cjs', '.mocharc.js', '.mocharc.yaml', '.mocharc.yml', '.mocharc.jsonc', '.mocharc.json'];
/** Mocha options that take a value (lib/cli/run-option-metadata.js): the word after them is not a spec. */
const TAKES_VALUE = new Set([
  '--config', '--package', '--extension', '--file', '--ignore', '--exclude', '--require', '-r', '--reporter', '-R', '--reporter-option',
  '--reporter-options', '-O', '--timeout', '-t', '--timeouts', '--slow', '-s', '--ui', '-u', '--grep', '-g', '--fgrep', '-f', '--retries',
  '--jobs', '-j', '--node-option', '-n', '--loader', '--spec', '--watch-files', '--watch-ignore',
]);

interface PackageJson {
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  mocha?: MochaOptions;
}

interface MochaOptions {
  spec?: string | string[];
  extension?: string | string[];
  recursive?: boolean;
  config?: string;
}

export function detectTestRunner(root: string): TestRunner {
  const pkg = (readJsonc(path.join(root, 'package.json')) ?? {}) as PackageJson;
  const script = testScript(pkg);
  const rc = MOCHARC.find((f) => existsSync(path.join(root, f)));
  // The test script decides; without one, mocha installed or configured.
  const usesMocha = script ? script.command !== undefined : Boolean(pkg.devDependencies?.mocha || pkg.dependencies?.mocha || pkg.mocha || rc);
  if (!usesMocha) return { kind: 'node:test' };
  const cli = script?.command ? parseMochaArgs(script.command) : { spec: [], extension: [], recursive: false };
  const rcFile = cli.config ?? rc;
  const fromRc = rcFile ? readMochaConfig(path.join(root, rcFile)) : {};
  const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  const sources: [string, string[]][] = [
    [`the ${script?.name ?? 'test'} script`, cli.spec],
    [rcFile ?? '', list(fromRc.spec)],
    ['package.json "mocha"', list(pkg.mocha?.spec)],
    ["mocha's default", [MOCHA_DEFAULT_SPEC]],
  ];
  const [from, specs] = sources.find(([, s]) => s.length)!;
  return {
    kind: 'mocha',
    specs: specs.map((s) => s.replace(/^\.\//, '').replace(/\/$/, '')),
    extensions: [...MOCHA_DEFAULT_EXTENSIONS, ...cli.extension, ...list(fromRc.extension), ...list(pkg.mocha?.extension)].map((e) => e.replace(/^\./, '')),
    recursive: cli.recursive || Boolean(fromRc.recursive ?? pkg.mocha?.recursive),
    from,
    ...buildFolders(root),
  };
}

/**
 * The folder generated tests go to in a mocha project: the first of the project's test folder and
 * each spec's base (the source folder, for compiled tests) where a test file would run.
 */
export function mochaTestDir(runner: MochaRunner, projectTestDir: string): string | undefined {
  const bases = runner.specs.map((spec) => fromBuild(runner, picomatch.scan(spec).base)).filter((b): b is string => b !== undefined);
  const folders = [projectTestDir, ...bases];
  return folders.find((folder) => placeTest(runner, folder, 'example.workflow.test.ts'));
}

/**
 * The path of a generated test in `folder` that mocha's spec takes: the file as named, or with the
 * suffix the spec asks for (`.spec.ts`, `-test.ts`…). Undefined when no spec takes it there.
 */
export function placeTest(runner: MochaRunner, folder: string, fileName: string): string | undefined {
  const stem = fileName.replace(/\.test\.ts$/, '');
  const names = [fileName, ...['.spec.ts', '-test.ts', '-spec.ts', '_test.ts', '_spec.ts', '.ts'].map((suffix) => `${stem}${suffix}`)];
  return names.map((name) => (folder && folder !== '.' ? `${folder}/${name}` : name)).find((file) => runs(runner, file));
}

/** Whether mocha, given its specs, loads the source file `file` (or, for compiled tests, what it compiles to). */
function runs(runner: MochaRunner, file: string): boolean {
  const loaded = toBuild(runner, file);
  if (loaded === undefined) return false;
  return runner.specs.some((spec) => {
    if (picomatch.scan(spec).isGlob) return picomatch(spec, { dot: true })(loaded);
    if (loaded === spec) return true;
    // A folder: its files with one of the extensions, and its subfolders' with --recursive.
    const inside = loaded.startsWith(`${spec}/`) && (runner.recursive || !loaded.slice(spec.length + 1).includes('/'));
    return inside && runner.extensions.some((e) => loaded.endsWith(`.${e}`));
  });
}

/** The build output of a source file (`src/test/a.test.ts` → `lib/test/a.test.js`), or the file itself when tests are not compiled. */
function toBuild(runner: MochaRunner, file: string): string | undefined {
  if (!runner.build || !runner.specs.some((s) => isUnder(picomatch.scan(s).base, runner.build!.outDir))) return file;
  if (!isUnder(file, runner.build.rootDir)) return undefined;
  return `${runner.build.outDir}/${path.posix.relative(runner.build.rootDir, file)}`.replace(/\.ts$/, '.js');
}

/** A folder in the build output as the source folder it comes from; other folders as they are. */
function fromBuild(runner: MochaRunner, folder: string): string | undefined {
  if (!runner.build || !isUnder(folder, runner.build.outDir)) return folder;
  return path.posix.join(runner.build.rootDir, path.posix.relative(runner.build.outDir, folder));
}

function isUnder(file: string, dir: string): boolean {
  return dir === '.' || dir === '' || file === dir || file.startsWith(`${dir}/`);
}

/** tsconfig's outDir and rootDir (default: `src` when it exists, else the project), project-relative. */
function buildFolders(root: string): { build?: { outDir: string; rootDir: string } } {
  const configFile = path.join(root, 'tsconfig.json');
  if (!existsSync(configFile)) return {};
  const settings = readCompilerSettings(configFile);
  if (!settings.outDir) return {};
  const relative = (dir: string): string => path.relative(root, dir).split(path.sep).join('/') || '.';
  const rootDir = settings.rootDir ?? (existsSync(path.join(root, 'src')) ? path.join(root, 'src') : root);
  return { build: { outDir: relative(settings.outDir), rootDir: relative(rootDir) } };
}

/**
 * The mocha command `npm test` runs: the test script, or the script it runs (`npm run test:unit`),
 * cut at `&&`, `;` and `|`: the words after `mocha`. No command: the test script runs something else.
 */
function testScript(pkg: PackageJson, name = 'test', depth = 0): { name: string; command: string[] | undefined } | undefined {
  const script = pkg.scripts?.[name];
  if (script === undefined) return undefined;
  for (const command of splitCommands(script)) {
    const at = command.findIndex((word) => /(^|\/)(_?mocha|ts-mocha)(\.js)?$/.test(word));
    if (at >= 0) return { name, command: command.slice(at + 1) };
    const run = /^(npm|pnpm|yarn)$/.test(command[0] ?? '') ? command.slice(command[1] === 'run' || command[1] === 'run-script' ? 2 : 1).find((w) => !w.startsWith('-')) : undefined;
    const nested = run && run !== name && depth < 3 ? testScript(pkg, run, depth + 1) : undefined;
    if (nested?.command) return nested;
  }
  return { name, command: undefined };
}

/** A shell command line as words, quotes removed, split into commands at `&&`, `||`, `;` and `|`. */
function splitCommands(line: string): string[][] {
  const commands: string[][] = [[]];
  for (const [, word, operator] of line.matchAll(/((?:[^\s'"&|;]+|'[^']*'|"[^"]*")+)|(&&|\|\|?|;)/g)) {
    if (operator) commands.push([]);
    else commands[commands.length - 1]!.push(word!.replace(/'([^']*)'|"([^"]*)"/g, '$1$2'));
  }
  return commands.filter((c) => c.length);
}

function parseMochaArgs(args: string[]): { spec: string[]; extension: string[]; recursive: boolean; config?: string } {
  const found: { spec: string[]; extension: string[]; recursive: boolean; config?: string } = { spec: [], extension: [], recursive: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [option, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (!arg.startsWith('-')) found.spec.push(arg);
    else if (option === '--recursive') found.recursive = true;
    else if (TAKES_VALUE.has(option)) {
      const value = inline ?? args[++i];
      if (value === undefined) break;
      if (option === '--spec') found.spec.push(value);
      if (option === '--extension') found.extension.push(...value.split(','));
      if (option === '--config') found.config = value;
    }
  }
  return found;
}

/** `spec`, `extension` and `recursive` of a mocha config file: JSON(C), simple YAML, or literals in a JS file. */
function readMochaConfig(file: string): MochaOptions {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return {};
  }
  if (/\.jsonc?$/.test(file)) return (readJsonc(file) ?? {}) as MochaOptions;
  const strings = (value: string | undefined): string[] => [...(value ?? '').matchAll(/'([^']*)'|"([^"]*)"|`([^`$]*)`/g)].map((m) => (m[1] ?? m[2] ?? m[3])!);
  if (/\.ya?ml$/.test(file)) {
    const yaml = (key: string): string[] => {
      const inline = new RegExp(`^${key}:[ \\t]*(\\S.*)$`, 'm').exec(text)?.[1];
      if (inline) return inline.startsWith('[') ? strings(inline) : [inline.replace(/^['"]|['"]\s*$/g, '').trim()];
      const block = new RegExp(`^${key}:[ \\t]*\\r?\\n((?:[ \\t]+-.*\\r?\\n?)+)`, 'm').exec(text)?.[1] ?? '';
      return [...block.matchAll(/-\s*['"]?([^'"\r\n]+?)['"]?\s*$/gm)].map((m) => m[1]!);
    };
    return { spec: yaml('spec'), extension: yaml('extension'), recursive: /^recursive:\s*true\b/m.test(text) };
  }
  const js = (key: string): string[] => strings(new RegExp(`\\b${key}['"]?\\s*:\\s*(\\[[^\\]]*\\]|'[^']*'|"[^"]*"|\`[^\`]*\`)`).exec(text)?.[1]);
  return { spec: js('spec'), extension: js('extension'), recursive: /\brecursive['"]?\s*:\s*true\b/.test(text) };
}

function readJsonc(file: string): unknown {
  try {
    return parseJsonc(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}
