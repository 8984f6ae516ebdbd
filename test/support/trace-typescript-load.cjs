// Preloaded with --require: says on stderr when anything loads TypeScript, so tests can prove that
// `wfo --help` and `wfo --version` stay fast.
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (/(^|[\\/])typescript(\.js)?$|typescript\.js$|^ts-morph$/.test(request)) process.stderr.write(`typescript loaded: ${request}\n`);
  return load.call(this, request, ...rest);
};
