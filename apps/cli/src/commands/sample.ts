// `unroll sample`: text from a trained language model.
import type { Command } from 'commander';
import { Generator } from '@unroll/tensor';
import { generate } from '@unroll/training';
import { loadModelFile } from '../model-file';
import { nonNegativeInteger, positiveInteger, positiveNumber } from '../parsers';
import { UserError } from '../user-error';

interface SampleFlags {
  model: string;
  length: number;
  temperature: number;
  prime?: string;
  seed: number;
}

/** Adds the sample command to the program. */
export function addSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('generate text from a model trained by `unroll train` or `unroll demo`')
    .requiredOption('--model <path>', 'the checkpoint to sample from')
    .option('--length <n>', 'characters (tokens) to generate', positiveInteger, 300)
    .option('--temperature <t>', 'below 1: safer; above 1: wilder', positiveNumber, 0.8)
    .option('--prime <text>', 'text to start from (default: a newline or the first known token)')
    .option('--seed <n>', 'random seed', nonNegativeInteger, 0)
    .action(async (flags: SampleFlags) => {
      const { model, tokenizer } = await loadModelFile(flags.model);
      const primeText =
        flags.prime ?? (tokenizer.encode('\n')[0] === 0 ? tokenizer.decode([1]) : '\n');
      if (primeText.length === 0) throw new UserError('--prime must not be empty.');
      const prime = tokenizer.encode(primeText);
      const ids = generate(model, {
        prime,
        length: flags.length,
        temperature: flags.temperature,
        generator: new Generator(flags.seed),
      });
      process.stdout.write(`${primeText}${tokenizer.decode(ids)}\n`);
    });
}
