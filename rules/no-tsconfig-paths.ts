import path from 'node:path';
import { moduleMatches } from '../src/domain/workflow-sandbox.js';
import { defineRule } from '../src/lint/rule.js';
import { ts } from '../src/ts.js';

export default defineRule({
  meta: {
    id: 'no-tsconfig-paths',
    description: "Imports in workflow code that only tsconfig `paths` or `baseUrl` resolve: Temporal's webpack bundler does not read them",
    context: 'workflow',
    severity: 'error',
    presets: ['recommended', 'strict'],
    temporalDocs: 'https://docs.temporal.io/develop/typescript/debugging#webpack-errors',
    messages: {
      unbundled:
        "'{{specifier}}' is found only through tsconfig \"{{through}}\", which Temporal's workflow bundler (webpack) does not read: this compiles, then bundling the workflows fails (\"Module not found: Error: Can't resolve '{{specifier}}'\"). Import it by a relative path ('{{relative}}'), or add tsconfig-paths-webpack-plugin to resolve.plugins in the worker's bundlerOptions.webpackConfigHook.",
    },
  },
  create(context) {
    const { module, membership } = context;
    return {
      SourceFile() {
        // A project that sets a webpackConfigHook owns its webpack configuration: it may resolve the aliases.
        if (membership.webpackConfigHook) return;
        module.facts.references.forEach((reference, index) => {
          const resolution = module.resolutions[index];
          if (reference.erased || resolution?.kind !== 'file' || !resolution.through) return;
          // An ignoreModules entry aliases the request to an empty module before anything resolves it.
          if (moduleMatches(reference.specifier, membership.ignoredModules)) return;
          const data = { specifier: reference.specifier, through: resolution.through, relative: relativeSpecifier(module.path, resolution.file) };
          context.report({ node: reference.specifierNode, messageId: 'unbundled', data, bundleTime: true });
        });
      },
    };
  },
});

/** `src/workflows.ts` → `src/lib/clock.ts`: `./lib/clock` (an index file by its folder). */
function relativeSpecifier(from: string, to: string): string {
  let relative = path.relative(path.dirname(from), to).split(path.sep).join('/');
  relative = relative.replace(/(\.d)?\.[cm]?[jt]sx?$/, '').replace(/\/index$/, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}
