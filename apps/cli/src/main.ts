// The `unroll` command: train, sample and demo recurrent networks from the terminal.
import { getBackend, setBackend, setThreads } from '@unroll/tensor';
import { Command, Option } from 'commander';
import { addDemoCommand } from './commands/demo';
import { addSampleCommand } from './commands/sample';
import { addTrainCommand } from './commands/train';
import { positiveInteger } from './parsers';
import { UserError, reportError } from './user-error';

const program = new Command('unroll')
  .description('Train, sample and inspect recurrent neural networks (RNN, LSTM, GRU).')
  .version('0.0.0')
  .showHelpAfterError('(run with --help for usage)')
  .addOption(
    new Option('--backend <name>', 'where the math runs (default: wasm where available)').choices([
      'wasm',
      'cpu',
    ]),
  )
  .option('--threads <n>', 'threads for the wasm backend (also UNROLL_THREADS)', positiveInteger)
  .hook('preAction', () => {
    const { backend, threads } = program.opts<{ backend?: string; threads?: number }>();
    if (backend !== undefined) setBackend(backend);
    if (threads !== undefined) {
      if (getBackend().name !== 'wasm') {
        throw new UserError(
          `--threads needs the wasm backend; ${getBackend().name} runs on one thread.`,
        );
      }
      setThreads(threads);
    }
  });
addDemoCommand(program);
addTrainCommand(program);
addSampleCommand(program);

program.parseAsync(process.argv).catch(reportError);
