// Preloaded with --require: says on stderr when anything loads TypeScript (by require, or compiled
// from source with V8's code cache as src/ts.ts does), so tests can prove that `wfo --help`,
// `wfo --version` and warm cached runs stay fast.
const Module = require('node:module');
const vm = require('node:vm');

const load = Module._load;
Module._load = function (request, ...rest) {
  if (/(^|[\\/])typescript(\.js)?$|typescript\.js$|^ts-morph$/.test(request)) process.stderr.write(`typescript loaded: ${request}\n`);
  return load.call(this, request, ...rest);
};

const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    super(code, options);
    const filename = typeof options === 'string' ? options : options?.filename;
    if (filename && /typescript\.js$/.test(filename)) process.stderr.write(`typescript loaded: ${filename}\n`);
  }
};
