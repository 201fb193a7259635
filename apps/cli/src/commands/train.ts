// `unroll train`: a language model on a text file, or a model on a built-in synthetic task.
import { Option, type Command } from 'commander';
import { nonNegativeInteger, positiveInteger, positiveNumber } from '../parsers';
import { readTextFile } from '../text-file';
import { trainLanguageModel } from '../train-language-model';
import { UserError } from '../user-error';
import { TASKS, trainTask, type TaskName } from '../tasks';

interface TrainFlags {
  data?: string;
  task?: TaskName;
  cell: 'lstm' | 'gru' | 'rnn';
  hidden: number;
  layers: number;
  steps: number;
  seqLen: number;
  batch: number;
  lr: number;
  clip: number;
  seed: number;
  save: string;
  resume?: string;
  logFormat: 'text' | 'json';
  sampleEvery: number;
}

/** Adds the train command to the program. */
export function addTrainCommand(program: Command): void {
  program
    .command('train')
    .description(
      'train a recurrent network on a text file (a character language model) or on a synthetic task',
    )
    .option('--data <file>', 'a UTF-8 text file to learn to continue')
    .addOption(
      new Option('--task <name>', 'a built-in task with a known answer instead of --data').choices(
        Object.keys(TASKS),
      ),
    )
    .addOption(
      new Option('--cell <kind>', 'the recurrent cell')
        .choices(['lstm', 'gru', 'rnn'])
        .default('lstm'),
    )
    .option('--hidden <n>', 'hidden size', positiveInteger, 128)
    .option('--layers <n>', 'stacked layers', positiveInteger, 1)
    .option(
      '--steps <n>',
      'optimisation steps in total (with --resume: including those already taken)',
      positiveInteger,
      1000,
    )
    .option(
      '--seq-len <n>',
      'time steps per chunk (the truncated-BPTT length)',
      positiveInteger,
      64,
    )
    .option('--batch <n>', 'parallel sequences per step', positiveInteger, 32)
    .option('--lr <x>', 'Adam learning rate', positiveNumber, 0.003)
    .option('--clip <x>', 'clip the global gradient norm to this', positiveNumber, 1)
    .option(
      '--seed <n>',
      'random seed (initial weights, dropout, data order)',
      nonNegativeInteger,
      0,
    )
    .option('--save <path>', 'where to write the checkpoint (atomically)', 'model.safetensors')
    .option('--resume <path>', 'continue from a checkpoint up to --steps in total')
    .addOption(
      new Option(
        '--log-format <format>',
        'text (progress bar) or json (one object per step on stdout)',
      )
        .choices(['text', 'json'])
        .default('text'),
    )
    .option(
      '--sample-every <n>',
      'print a sample every n steps (text logs only)',
      nonNegativeInteger,
      0,
    )
    .action(async (flags: TrainFlags, command: Command) => {
      if ((flags.data === undefined) === (flags.task === undefined)) {
        throw new UserError('train needs exactly one of --data <file> and --task <name>.');
      }
      // Flags that the chosen mode would otherwise ignore silently.
      const given = (names: string[]): string[] =>
        names.filter((name) => command.getOptionValueSource(name) === 'cli');
      const flag = (name: string): string =>
        `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
      if (flags.task !== undefined) {
        const unused = given(['save', 'resume', 'seqLen', 'sampleEvery']);
        if (unused.length > 0) {
          throw new UserError(
            `--task trains, reports and saves nothing, so ${unused.map(flag).join(', ')} cannot be used with it.`,
          );
        }
      }
      if (flags.resume !== undefined) {
        const fixed = given(['cell', 'hidden', 'layers', 'seqLen', 'batch', 'lr', 'clip', 'seed']);
        if (fixed.length > 0) {
          throw new UserError(
            `--resume continues the run as the checkpoint configured it, so ${fixed.map(flag).join(', ')} cannot be changed; drop ${fixed.length === 1 ? 'it' : 'them'}.`,
          );
        }
      }
      if (flags.task !== undefined) {
        await trainTask(flags.task, flags);
        return;
      }
      const text = readTextFile(flags.data as string);
      const summary = await trainLanguageModel({
        text,
        config: { cell: flags.cell, hiddenSize: flags.hidden, numLayers: flags.layers },
        steps: flags.steps,
        seqLen: flags.seqLen,
        batchSize: flags.batch,
        lr: flags.lr,
        clip: flags.clip,
        seed: flags.seed,
        save: flags.save,
        resume: flags.resume,
        logFormat: flags.logFormat,
        sampleEvery: flags.logFormat === 'text' ? flags.sampleEvery : 0,
        sampleLength: 200,
      });
      const what = summary.interrupted
        ? `interrupted at step ${summary.steps}`
        : `trained ${summary.steps} steps`;
      process.stderr.write(
        `${what} in ${summary.seconds.toFixed(1)} s, loss ${summary.finalLoss.toFixed(4)}; checkpoint saved to ${flags.save}\n`,
      );
      if (summary.interrupted) process.exitCode = 130;
    });
}
