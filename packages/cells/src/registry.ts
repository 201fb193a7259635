// The cell registry: every built-in cell kind by name, with how to build its module and its
// fused kernel. A typed map, so adding a kind means adding an entry here.
import type { CellKernel } from './cell-spec';
import { GRUCell, gruKernel, type GRUCellOptions } from './gru-cell';
import { LSTMCell, lstmKernel, type LSTMCellOptions } from './lstm-cell';
import { RNNCell, rnnKernel, type RNNCellOptions } from './rnn-cell';

/** A built-in cell kind. @category Cells */
export interface CellSpec<Options, Cell> {
  /** The kind's name. */
  readonly name: string;
  /** Builds the single-step module. */
  create(options: Options): Cell;
  /** The fused kernel for the options' variant. */
  kernel(options: Options): CellKernel;
  /** Gate names in saved order, for traces. */
  gateNames(options: Options): readonly string[];
}

/** Every built-in cell kind. @category Cells */
export const cellSpecs: {
  /** The Elman RNN (tanh or ReLU). */
  readonly rnn: CellSpec<RNNCellOptions, RNNCell>;
  /** The LSTM and its variants. */
  readonly lstm: CellSpec<LSTMCellOptions, LSTMCell>;
  /** The GRU, reset-after or reset-before. */
  readonly gru: CellSpec<GRUCellOptions, GRUCell>;
} = {
  rnn: {
    name: 'rnn',
    create: (o) => new RNNCell(o),
    kernel: (o) => rnnKernel(o.nonlinearity),
    gateNames: () => [],
  },
  lstm: {
    name: 'lstm',
    create: (o) => new LSTMCell(o),
    kernel: (o) => lstmKernel(o),
    gateNames: (o) => (o.coupled === true ? ['f', 'g', 'o'] : ['i', 'f', 'g', 'o']),
  },
  gru: {
    name: 'gru',
    create: (o) => new GRUCell(o),
    kernel: (o) => gruKernel(o.resetAfter),
    gateNames: () => ['r', 'z', 'n'],
  },
};

/** The name of a built-in cell kind. @category Cells */
export type CellName = keyof typeof cellSpecs;
