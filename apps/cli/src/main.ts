// The `unroll` command: train, sample and demo recurrent networks from the terminal.
import { Command } from 'commander';
import { addDemoCommand } from './commands/demo';
import { addSampleCommand } from './commands/sample';
import { addTrainCommand } from './commands/train';
import { reportError } from './user-error';

const program = new Command('unroll')
  .description('Train, sample and inspect recurrent neural networks (RNN, LSTM, GRU).')
  .version('0.0.0')
  .showHelpAfterError('(run with --help for usage)');
addDemoCommand(program);
addTrainCommand(program);
addSampleCommand(program);

program.parseAsync(process.argv).catch(reportError);
