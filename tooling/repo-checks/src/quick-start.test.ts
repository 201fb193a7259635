// The README's Quick start is what CI runs: two command lines, the second identical to the
// command .ci/run ends with, and the pnpm it installs is the one package.json pins.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lastCommand, quickStartLines } from './quick-start';

const root = new URL('../../../', import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, root), 'utf8');

describe('Quick start', () => {
  const lines = quickStartLines(read('README.md'));

  it('holds exactly two command lines', () => {
    expect(lines).toHaveLength(2);
  });

  it('runs, as its second line, exactly what .ci/run runs', () => {
    expect(lastCommand(read('.ci/run'))).toBe(lines[1]);
  });

  it('installs the pnpm version package.json pins', () => {
    const { packageManager } = JSON.parse(read('package.json')) as { packageManager: string };
    const version = packageManager.replace(/^pnpm@/, '');
    expect(lines[0]).toContain(`pnpm@${version}`);
    expect(read('.ci/run')).toContain(`pnpm@${version}`);
  });
});

describe('the parsers', () => {
  it('reject a README without the section or with two blocks', () => {
    expect(() => quickStartLines('# Title\n')).toThrow('no "## Quick start" section');
    expect(() => quickStartLines('## Quick start\n```sh\na\n```\n```sh\nb\n```\n')).toThrow(
      'found 2',
    );
  });

  it('stop at the next section and skip comments', () => {
    const readme = '## Quick start\n```sh\n# setup\none\ntwo\n```\n## Next\n```sh\nthree\n```\n';
    expect(quickStartLines(readme)).toEqual(['one', 'two']);
    expect(lastCommand('#!/bin/sh\nset -e\n# the end:\nrun this\n\n')).toBe('run this');
  });
});
