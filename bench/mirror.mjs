// The local git mirror of public repositories (/work/.mirror/<owner>+<name>/…, brought there by the
// fetch step; nothing is downloaded here), and a repository's tree at a commit written out of it.
// Shared by bench/corpus.mjs (the real-world corpus) and bench/run.mjs (the --deployed section).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Where the mirror is: WFO_CORPUS_MIRROR, or /work/.mirror. */
export const defaultMirror = process.env.WFO_CORPUS_MIRROR ?? '/work/.mirror';

export function git(gitDir, gitArgs, options = {}) {
  return spawnSync('git', ['--git-dir', gitDir, ...gitArgs], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
}

/** The bare git directory the fetch step left for owner/name below `mirror`, or undefined. */
export function findMirror(mirror, repo) {
  const base = path.join(mirror, repo.replace('/', '+'));
  if (!existsSync(base)) return undefined;
  const candidates = [base, path.join(base, 'repo'), ...safeReaddir(base).map((name) => path.join(base, name))];
  return candidates.find((dir) => isDirectory(dir) && existsSync(path.join(dir, 'HEAD')) && existsSync(path.join(dir, 'objects')));
}

function safeReaddir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function isDirectory(dir) {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** Whether the mirror holds `commit`. */
export function hasCommit(gitDir, commit) {
  return git(gitDir, ['cat-file', '-e', `${commit}^{commit}`]).status === 0;
}

/**
 * Writes the tree of `commit` below `dest`, blob by blob through `git cat-file --batch`. Not `git
 * archive`: a snapshot may lack its largest blobs (data files, binaries), and archive stops at the
 * first one; those are skipped here and counted. Submodules are left out, symlinks kept.
 */
export function extractTree(gitDir, commit, dest) {
  const listing = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', commit], { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 });
  if (listing.status !== 0) return { error: `git ls-tree failed: ${listing.stderr.toString().trim().split('\n')[0]}` };
  const entries = [];
  for (const record of listing.stdout.toString('utf8').split('\0')) {
    const match = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(record);
    if (!match || match[2] !== 'blob') continue; // commit (submodule) entries have no content here
    entries.push({ mode: match[1], oid: match[3], file: match[4] });
  }
  const batch = git(gitDir, ['cat-file', '--batch'], { input: Buffer.from(entries.map((e) => e.oid).join('\n') + '\n'), encoding: 'buffer', maxBuffer: 2 * 1024 * 1024 * 1024 });
  if (batch.status !== 0) return { error: `git cat-file failed: ${batch.stderr.toString().trim().split('\n')[0]}` };
  const out = batch.stdout;
  let offset = 0;
  let missing = 0;
  for (const entry of entries) {
    const newline = out.indexOf(10, offset);
    const header = out.subarray(offset, newline).toString('utf8');
    offset = newline + 1;
    if (header.endsWith(' missing')) {
      missing++;
      continue;
    }
    const size = Number(header.split(' ')[2]);
    const content = out.subarray(offset, offset + size);
    offset += size + 1;
    const target = path.join(dest, entry.file);
    if (!target.startsWith(dest + path.sep)) continue;
    mkdirSync(path.dirname(target), { recursive: true });
    if (entry.mode === '120000') {
      try {
        symlinkSync(content.toString('utf8'), target);
      } catch {
        // a symlink the file system refuses is not source we need
      }
    } else writeFileSync(target, content, { mode: entry.mode === '100755' ? 0o755 : 0o644 });
  }
  return { missing };
}
