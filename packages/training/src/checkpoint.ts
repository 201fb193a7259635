// Checkpoints as bytes: one safetensors file holding the model's weights under PyTorch's keys
// (so PyTorch's safetensors loader reads them), the optimizer state and extra tensors under
// '@'-prefixed names PyTorch never uses, and the model config, tokenizer, step and RNG state as
// JSON in `__metadata__`. Writing files atomically is in `@unroll/training/node`.
import {
  FormatError,
  readSafetensors,
  writeSafetensors,
  type GeneratorState,
  type Tensor,
} from '@unroll/tensor';

/** An optimizer's state as `Optimizer.stateDict()` returns it. @category Checkpoints */
export interface CheckpointOptimizerState {
  /** Steps taken. */
  step: number;
  /** Hyper-parameters (lr, betas, …). */
  options: Record<string, number | boolean>;
  /** Per parameter, in parameter order: named state tensors (`exp_avg`, …). */
  state: Record<string, Tensor>[];
}

/** JSON metadata of a checkpoint. Any other JSON-serialisable keys are kept too. @category Checkpoints */
export interface CheckpointMetadata {
  /** The model's configuration, enough to rebuild it. */
  model?: unknown;
  /** The tokenizer's `toJSON()`. */
  tokenizer?: unknown;
  /** Optimisation steps taken. */
  step?: number;
  /** The random generator's state, for an exact resume. */
  rng?: GeneratorState;
  [key: string]: unknown;
}

/** A saved optimizer: its class name and state. @category Checkpoints */
export interface CheckpointOptimizer {
  /** The optimizer's class name, e.g. `'Adam'`. */
  type: string;
  /** What `stateDict()` returned. */
  state: CheckpointOptimizerState;
}

/** Everything a checkpoint holds. @category Checkpoints */
export interface Checkpoint {
  /** Model weights under PyTorch's keys (`model.stateDict()`). */
  weights: ReadonlyMap<string, Tensor>;
  /** The optimizer, by type name and state. */
  optimizer?: CheckpointOptimizer;
  /** Extra tensors, e.g. the carried recurrent state for an exact resume. */
  tensors?: ReadonlyMap<string, Tensor>;
  /** JSON metadata. */
  metadata: CheckpointMetadata;
}

const FORMAT = 'unroll-checkpoint';
const VERSION = '1';
const OPTIMIZER_PREFIX = '@optimizer/';
const EXTRA_PREFIX = '@tensor/';

/**
 * Serialises a checkpoint to safetensors bytes.
 * @example
 * ```ts
 * const bytes = encodeCheckpoint({ weights: model.stateDict(), metadata: { step: 100 } });
 * ```
 * @category Checkpoints
 */
export function encodeCheckpoint(checkpoint: Checkpoint): Uint8Array {
  const tensors = new Map<string, Tensor>(checkpoint.weights);
  const optimizerMeta =
    checkpoint.optimizer === undefined
      ? undefined
      : {
          type: checkpoint.optimizer.type,
          step: checkpoint.optimizer.state.step,
          options: checkpoint.optimizer.state.options,
          names: checkpoint.optimizer.state.state.map((entry) => Object.keys(entry)),
        };
  checkpoint.optimizer?.state.state.forEach((entry, index) => {
    for (const [name, value] of Object.entries(entry))
      tensors.set(`${OPTIMIZER_PREFIX}${index}/${name}`, value);
  });
  for (const [name, value] of checkpoint.tensors ?? [])
    tensors.set(`${EXTRA_PREFIX}${name}`, value);
  const metadata: Record<string, string> = {
    format: 'pt',
    'unroll.format': FORMAT,
    'unroll.version': VERSION,
    'unroll.metadata': JSON.stringify(checkpoint.metadata),
  };
  if (optimizerMeta !== undefined) metadata['unroll.optimizer'] = JSON.stringify(optimizerMeta);
  return writeSafetensors(tensors, metadata);
}

function fail(message: string): never {
  throw new FormatError(`decodeCheckpoint: ${message}`);
}

function parseJson(text: string | undefined, what: string): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FormatError(`decodeCheckpoint: ${what} must be JSON, got unreadable text.`, {
      cause: error,
    });
  }
}

/**
 * Parses checkpoint bytes written by {@link encodeCheckpoint}. A corrupt, truncated or foreign
 * file gives a {@link FormatError} that says which.
 * @throws {FormatError} if the bytes are not a readable Unroll checkpoint
 * @category Checkpoints
 */
export function decodeCheckpoint(bytes: Uint8Array): Checkpoint {
  const { tensors, metadata } = readSafetensors(bytes);
  if (metadata['unroll.format'] !== FORMAT) {
    fail(
      'the file is a safetensors file but not an Unroll checkpoint (no unroll.format metadata). Hint: load plain weights with readSafetensors and Module.loadStateDict.',
    );
  }
  if (metadata['unroll.version'] !== VERSION)
    fail(
      `checkpoint version ${metadata['unroll.version']} is not supported (expected ${VERSION}).`,
    );
  const parsed = parseJson(metadata['unroll.metadata'], 'unroll.metadata');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    fail('unroll.metadata must be a JSON object.');
  const weights = new Map<string, Tensor>();
  const extra = new Map<string, Tensor>();
  for (const [name, value] of tensors) {
    if (name.startsWith(EXTRA_PREFIX)) extra.set(name.slice(EXTRA_PREFIX.length), value);
    else if (name.startsWith('@') && !name.startsWith(OPTIMIZER_PREFIX))
      fail(
        `tensor ${name} uses the reserved '@' prefix but is neither optimizer state nor an extra tensor.`,
      );
    else if (!name.startsWith(OPTIMIZER_PREFIX)) weights.set(name, value);
  }
  const checkpoint: Checkpoint = {
    weights,
    tensors: extra,
    metadata: parsed as CheckpointMetadata,
  };
  const optimizer = parseJson(metadata['unroll.optimizer'], 'unroll.optimizer') as
    | { type: string; step: number; options: Record<string, number | boolean>; names: string[][] }
    | undefined;
  if (optimizer !== undefined) {
    if (typeof optimizer.type !== 'string' || !Array.isArray(optimizer.names))
      fail('unroll.optimizer is missing its type or tensor names.');
    const state = optimizer.names.map((names, index) =>
      Object.fromEntries(
        names.map((name) => {
          const value = tensors.get(`${OPTIMIZER_PREFIX}${index}/${name}`);
          if (value === undefined) fail(`optimizer tensor ${index}/${name} is missing.`);
          return [name, value];
        }),
      ),
    );
    checkpoint.optimizer = {
      type: optimizer.type,
      state: { step: optimizer.step, options: optimizer.options, state },
    };
  }
  return checkpoint;
}
