// The documentation points only at what the repository has: every relative Markdown link reaches a file (and a
// heading, when it names one), every `*.md` file named anywhere in the sources exists, and no document still holds
// a placeholder for text to come.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const repo = path.resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: repo, encoding: 'utf8' })
  .split('\n')
  .filter((f) => f !== '' && existsSync(path.join(repo, f)));
const markdown = tracked.filter((f) => f.endsWith('.md'));
const text = tracked.filter((f) => /\.(ts|mjs|cjs|js|json|ya?ml|md|sh)$/.test(f) && !f.startsWith('sdk/src/idl/gen/'));

/** `*.md` names that are not documents of the repository: files of other packages, and entries of the VSIX. */
const NOT_OURS: Readonly<Record<string, string>> = {
  'LICENSE.md': "esbuild's licence, staged into the VSIX next to its code",
  'readme.md': 'the VSIX entry vsce writes for the extension README',
  'changelog.md': 'the VSIX entry vsce writes for the extension CHANGELOG',
};

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N} -]/gu, '')
    .replace(/ /g, '-');
}

function anchorsOf(file: string): Set<string> {
  const body = readFileSync(file, 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...body.matchAll(/^#+ (.+)$/gm)].map((m) => slug(m[1]!)));
}

/** Relative link targets of a Markdown file, outside code blocks. */
function linksOf(file: string): string[] {
  const body = readFileSync(path.join(repo, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return [...body.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!).filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

describe('docs: every reference resolves in the repository', () => {
  it('finds the Markdown files', () =>
    assert.ok(markdown.includes('README.md') && markdown.length > 5, markdown.join(' ')));

  it('every relative Markdown link reaches a file of the repository, and a heading of it when it names one', () => {
    const broken: string[] = [];
    for (const file of markdown) {
      for (const target of linksOf(file)) {
        const [rel, anchor] = target.split('#') as [string, string | undefined];
        const resolved =
          rel === ''
            ? path.join(repo, file)
            : path.resolve(path.dirname(path.join(repo, file)), decodeURIComponent(rel));
        if (!resolved.startsWith(repo) || !existsSync(resolved)) broken.push(`${file}: (${target}) -> no such file`);
        else if (anchor !== undefined && resolved.endsWith('.md') && !anchorsOf(resolved).has(anchor))
          broken.push(`${file}: (${target}) -> no heading #${anchor}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  // A name starts with a word character: `...md.labels` (a spread of a variable `md`) names no file.
  it('every *.md file named in the sources, tests, fixtures and docs exists in the repository', () => {
    const names = new Set([...markdown.map((f) => path.basename(f)), ...Object.keys(NOT_OURS)]);
    const missing: string[] = [];
    for (const file of text) {
      for (const m of readFileSync(path.join(repo, file), 'utf8').matchAll(/(?<![.\w])\w[\w.-]*\.md\b/g)) {
        if (!names.has(m[0])) missing.push(`${file}: ${m[0]}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('no document holds a placeholder', () => {
    const placeholders = markdown.flatMap((f) =>
      readFileSync(path.join(repo, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
        .filter(({ line }) => /\bto be written\b|\bTODO\b|\bTBD\b|\bcoming soon\b/i.test(line))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
    assert.deepEqual(placeholders, []);
  });
});
