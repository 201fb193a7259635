// The wasm backend's fused sequences (`Backend.recurrent`): every LSTM, GRU and RNN variant in
// float32. The forward and backward live in sequence-forward.ts and sequence-backward.ts; their
// saved state stays in wasm memory until the backward has run (sequence-saved.ts). The
// stepper (stepper.ts) runs a stack one step per call for inference.
import type { DType } from '../../dtype';
import type {
  RecurrentBackwardArgs,
  RecurrentCell,
  RecurrentForwardArgs,
  RecurrentForwardResult,
  RecurrentGradients,
  RecurrentKernels,
  RecurrentStepper,
  RecurrentStepperArgs,
} from '../recurrent';
import { wasmKernels } from './kernels';
import { backwardSequence } from './sequence-backward';
import { forwardSequence } from './sequence-forward';
import { createStepper } from './stepper';

/** The fused sequences of the wasm backend (float32). */
export class WasmRecurrent implements RecurrentKernels {
  supports(_cell: RecurrentCell, dtype: DType): boolean {
    return dtype === 'float32';
  }

  forward(args: RecurrentForwardArgs): RecurrentForwardResult {
    return forwardSequence(args);
  }

  backward(args: RecurrentBackwardArgs): RecurrentGradients {
    return backwardSequence(args);
  }

  stepper(args: RecurrentStepperArgs): RecurrentStepper {
    return createStepper(wasmKernels(), args);
  }
}
