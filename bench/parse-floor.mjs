// The physical floor wfo is measured against: one Node process that loads the same TypeScript wfo
// uses (the one ts-morph bundles), reads every source file of a tree once, parses it with parent
// pointers and visits every node. Nothing else: no resolution, no rules, no output.
// Usage: node bench/parse-floor.mjs <dir>
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const ts = createRequire(require.resolve('ts-morph'))('@ts-morph/common/dist/typescript.js');

const SOURCE = /\.(c|m)?[jt]sx?$/;
const SKIP = new Set(['node_modules', '.git', 'lib', 'dist', '.wfo-cache']);

const files = [];
const pending = [path.resolve(process.argv[2] ?? '.')];
while (pending.length) {
  const dir = pending.pop();
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pending.push(full);
    else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
}

let nodes = 0;
for (const file of files) {
  const sourceFile = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const stack = [sourceFile];
  while (stack.length) {
    const node = stack.pop();
    nodes++;
    ts.forEachChild(node, (child) => void stack.push(child));
  }
}
process.stdout.write(`${JSON.stringify({ files: files.length, nodes })}\n`);
