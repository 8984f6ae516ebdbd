/**
 * Workflow bundles and activity modules for the versions in the corpus, built in a staging folder
 * under the repository (so that @temporalio/* resolve from its node_modules) and cached there by
 * content: a version's bundle is made once, whatever run needs it again.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import ts from 'typescript';
import { sha256 } from './corpus.mjs';

export class Stage {
  /** @param {{ dir: string, sdkVersion: string, logger: import('@temporalio/worker').Logger }} options */
  constructor({ dir, sdkVersion, logger }) {
    this.dir = dir;
    this.sdkVersion = sdkVersion;
    this.logger = logger;
    this.bundled = 0;
  }

  /** The bundle of `workflow` (one version of a base's workflow.ts), beside the base's activities. */
  async bundle(base, workflow) {
    const hash = sha256(this.sdkVersion, base.activities, workflow);
    const file = path.join(this.dir, 'bundles', `${hash}.js`);
    if (existsSync(file)) return readFileSync(file, 'utf8');
    const src = this.#write(hash, base, workflow);
    const { code } = await bundleWorkflowCode({ workflowsPath: path.join(src, 'workflow.ts'), logger: this.logger });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, code);
    renameSync(`${file}.tmp`, file);
    this.bundled++;
    return code;
  }

  /** The base's activities.ts, compiled to JavaScript by TypeScript and imported, for a recording worker. */
  async activities(base) {
    const hash = sha256(this.sdkVersion, base.activities);
    const file = path.join(this.dir, 'activities', `${hash}.mjs`);
    if (!existsSync(file)) {
      const { outputText } = ts.transpileModule(base.activities, {
        compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
        fileName: 'activities.ts',
      });
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, outputText);
    }
    return await import(pathToFileURL(file).href);
  }

  #write(hash, base, workflow) {
    const src = path.join(this.dir, 'src', hash);
    mkdirSync(src, { recursive: true });
    writeFileSync(path.join(src, 'workflow.ts'), workflow);
    writeFileSync(path.join(src, 'activities.ts'), base.activities);
    return src;
  }
}
