// Preloaded with --require: says on stderr when anything loads TypeScript (by require, or compiled
// from source with V8's code cache as src/ts.ts does), and when wfo's rules are imported, so tests
// can prove that `wfo --help`, `wfo --version` and warm cached runs stay fast.
const Module = require('node:module');

// ESM imports are seen by a resolve hook (it runs on the loader thread: it writes to fd 2 itself).
const hook = `
import { writeSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  if (/[\\\\/]rules[\\\\/]index\\.js$/.test(result.url)) writeSync(2, 'wfo rules loaded\\n');
  return result;
}`;
Module.register(`data:text/javascript,${encodeURIComponent(hook)}`);
const vm = require('node:vm');

const load = Module._load;
Module._load = function (request, ...rest) {
  if (/(^|[\\/])typescript(\.js)?$|typescript\.js$|^ts-morph$/.test(request)) process.stderr.write(`typescript loaded: ${request}\n`);
  return load.call(this, request, ...rest);
};

// The bundled CLI (dist/cli.cjs) holds the rules as a module that runs when first imported: the
// hook marks its start in the code before it is compiled (which only costs that run its code cache).
const RULES_IN_BUNDLE = /(\/\/ dist\/rules\/index\.js\n(?:var [\w$]+;\n)*var [\w$]+ = __esmMin\(\(\(\) => \{)/;

const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    const filename = typeof options === 'string' ? options : options?.filename;
    if (filename && /cli\.cjs$/.test(filename)) {
      if (RULES_IN_BUNDLE.test(code)) code = code.replace(RULES_IN_BUNDLE, "$1 process.stderr.write('wfo rules loaded\\n');");
      else process.stderr.write(`trace: the rules module is not where it was in ${filename}\n`);
    }
    super(code, options);
    if (filename && /typescript\.js$/.test(filename)) process.stderr.write(`typescript loaded: ${filename}\n`);
  }
};
