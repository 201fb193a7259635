// Saving and loading the CLI's language models: one checkpoint with the weights, the
// optimizer, the tokenizer, the model config, the step, the RNG state and the carried state.
import { Tensor } from '@unroll/tensor';
import {
  CharLanguageModel,
  tokenizerFromJSON,
  type Checkpoint,
  type CharLanguageModelConfig,
  type LanguageModelState,
  type Tokenizer,
} from '@unroll/training';
import { loadCheckpoint } from '@unroll/training/node';
import { UserError } from './user-error';

/** The preset name stored in `metadata.model.preset`. */
export const PRESET = 'char-language-model';

/** What the CLI stores in a checkpoint's `metadata.model`. */
export interface StoredModel {
  preset: typeof PRESET;
  config: CharLanguageModelConfig;
  /** Training options, so `--resume` continues the same run. */
  training: { seqLen: number; batchSize: number; lr: number; clip: number; seed: number };
}

/** A loaded language-model checkpoint, ready to sample from or resume. */
export interface LoadedModel {
  model: CharLanguageModel;
  tokenizer: Tokenizer;
  stored: StoredModel;
  checkpoint: Checkpoint;
}

/** Turns a carried state into named tensors for the checkpoint, and back. */
export function stateTensors(state: LanguageModelState | undefined): Map<string, Tensor> {
  if (state === undefined) return new Map();
  const parts = state instanceof Tensor ? [state] : [...state];
  return new Map(parts.map((part, k) => [`state.${k}`, part]));
}

/** The carried state saved by {@link stateTensors}, or undefined. */
export function stateFromTensors(
  tensors: ReadonlyMap<string, Tensor> | undefined,
  cell: string,
): LanguageModelState | undefined {
  const h = tensors?.get('state.0');
  if (h === undefined) return undefined;
  if (cell !== 'lstm') return h;
  const c = tensors?.get('state.1');
  return c === undefined ? undefined : [h, c];
}

/** Loads a checkpoint the CLI wrote; a foreign or corrupt file is a one-line user error. */
export async function loadModelFile(path: string, flag = '--model'): Promise<LoadedModel> {
  let checkpoint: Checkpoint;
  try {
    checkpoint = await loadCheckpoint(path);
  } catch (error) {
    throw new UserError(`${flag}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const stored = checkpoint.metadata.model as Partial<StoredModel> | undefined;
  if (stored?.preset !== PRESET || stored.config === undefined || stored.training === undefined) {
    throw new UserError(
      `${flag}: ${path} is an Unroll checkpoint, but not of a model the unroll command trained (no ${PRESET} config).`,
    );
  }
  let tokenizer: Tokenizer;
  try {
    tokenizer = tokenizerFromJSON(checkpoint.metadata.tokenizer);
  } catch (error) {
    throw new UserError(
      `${flag}: ${path} holds no usable tokenizer (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  const model = new CharLanguageModel(stored.config);
  try {
    model.loadStateDict(checkpoint.weights);
  } catch (error) {
    throw new UserError(
      `${flag}: ${path} does not fit its own model config (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return { model, tokenizer, stored: stored as StoredModel, checkpoint };
}
