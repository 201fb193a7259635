// `unroll demo`: the main job on the shipped corpus. Trains a character LSTM on nursery
// rhymes for about a minute, shows samples as it improves, and saves the model.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { positiveInteger } from '../parsers';
import { trainLanguageModel } from '../train-language-model';
import { UserError } from '../user-error';

/** The demo corpus, found next to the source (repo) or the bundle (installed). */
function corpus(): string {
  for (const candidate of ['../../corpus/rhymes.txt', '../corpus/rhymes.txt']) {
    try {
      return readFileSync(new URL(candidate, import.meta.url), 'utf8');
    } catch {
      // try the next layout
    }
  }
  throw new UserError(
    'the demo corpus (corpus/rhymes.txt) is missing from this installation; reinstall @unroll/cli.',
  );
}

/** Adds the demo command to the program. */
export function addDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'train a character LSTM on the nursery rhymes that ship with Unroll, sampling as it learns',
    )
    .option('--steps <n>', 'optimisation steps', positiveInteger, 250)
    .option('--save <path>', 'where to write the checkpoint', 'demo.safetensors')
    .action(async (flags: { steps: number; save: string }) => {
      process.stderr.write(
        'Training a character LSTM on nursery rhymes (Ctrl-C stops and saves).\n',
      );
      const summary = await trainLanguageModel({
        text: corpus(),
        config: { cell: 'lstm', hiddenSize: 96, numLayers: 1, embeddingSize: 32 },
        steps: flags.steps,
        seqLen: 32,
        batchSize: 16,
        lr: 0.01,
        clip: 1,
        seed: 0,
        save: flags.save,
        logFormat: 'text',
        sampleEvery: Math.max(1, Math.floor(flags.steps / 4)),
        sampleLength: 240,
      });
      process.stderr.write(
        `\n${summary.interrupted ? 'Stopped' : 'Done'} after ${summary.steps} steps in ${summary.seconds.toFixed(0)} s (loss ${summary.finalLoss.toFixed(3)}).\n` +
          `Saved ${flags.save}. Sample more with: pnpm unroll sample --model ${flags.save} --prime "Little "\n`,
      );
      if (summary.interrupted) process.exitCode = 130;
    });
}
