// Reads the README's Quick start block and the command .ci/run executes, so a test can hold
// them together.

/** The command lines of the one fenced `sh` block under `## Quick start`. */
export function quickStartLines(readme: string): string[] {
  const section = /^## Quick start\s*$([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(readme)?.[1];
  if (section === undefined) throw new Error('README.md has no "## Quick start" section');
  const blocks = [...section.matchAll(/^```sh\s*\n([\s\S]*?)^```/gm)];
  if (blocks.length !== 1)
    throw new Error(`Quick start must hold exactly one sh block, found ${blocks.length}`);
  return (blocks[0]?.[1] ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/** The last command line of a shell script (comments and blank lines skipped). */
export function lastCommand(script: string): string {
  const lines = script
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  return lines[lines.length - 1] ?? '';
}
