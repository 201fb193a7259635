// Dispatch: the one path from an op to a kernel on the current backend, and the hook point
// where @unroll/autograd records the tape. Tensors made on another backend move here first.
import type { Backend, DataHandle, TensorInfo } from './backends/backend';
import { getBackend } from './backends';
import { UnsupportedKernelError } from './errors/unsupported-kernel-error';
import { kernelSpecs, type AttrsOf, type KernelName } from './kernels';
import type { KernelSpec } from './kernels/kernel-spec';
import { Tensor } from './tensor';

/**
 * What the autograd package installs to record kernels and run backward passes. Tensor
 * knows nothing of gradient rules; it calls these.
 * @category Autograd contract
 */
export interface AutogradHook {
  /** Called after every kernel runs, with its inputs, attributes and outputs. */
  record(
    kernel: KernelName,
    inputs: readonly Tensor[],
    attrs: AttrsOf<KernelName>,
    outputs: readonly Tensor[],
  ): void;
  /** Runs `root.backward(gradient, options)`. */
  backward(root: Tensor, gradient: Tensor | undefined, options: BackwardOptions): void;
}

/** Options of `Tensor.backward`. @category Autograd contract */
export interface BackwardOptions {
  /** Keep the graph's saved tensors so that backward can run through it again. */
  retainGraph?: boolean;
}

let hook: AutogradHook | undefined;

/**
 * Installs the autograd hook. Called by `@unroll/autograd` when it loads; a second call
 * replaces the first.
 * @category Autograd contract
 */
export function setAutogradHook(next: AutogradHook | undefined): void {
  hook = next;
}

/** The installed autograd hook, if `@unroll/autograd` has loaded. @category Autograd contract */
export function getAutogradHook(): AutogradHook | undefined {
  return hook;
}

/** The tensor's data as an operand of `backend`, copied over if it lives elsewhere. */
function operandOn(backend: Backend, tensor: Tensor): TensorInfo {
  if (tensor.backend !== backend) {
    const values = tensor.backend.read(tensor.info()).slice();
    tensor.moveTo(backend, backend.write(values));
  }
  return tensor.info();
}

/** Options of {@link runKernel}. @category Autograd contract */
export interface RunKernelOptions {
  /**
   * Run the kernel when an output's data is first needed (read, or used by another kernel)
   * rather than now, on the operands as they are now; outputs never read cost nothing. Shapes,
   * dtypes and autograd's record are made at once. Only for kernels that cannot fail once
   * their operands are validated.
   */
  readonly defer?: boolean;
}

/**
 * Runs kernel `kernel` on the current backend and returns its outputs as new tensors.
 * Ops call this after validating their arguments; it is public so that other packages can
 * build ops, but most code should call ops instead.
 * @throws {UnsupportedKernelError} if the backend lacks the kernel for the inputs' dtype
 * @category Autograd contract
 */
export function runKernel<K extends KernelName>(
  kernel: K,
  inputs: readonly Tensor[],
  attrs: AttrsOf<K>,
  options: RunKernelOptions = {},
): Tensor[] {
  const backend = getBackend();
  // The table maps each name to its own spec; TypeScript cannot follow that through K.
  const spec = kernelSpecs[kernel] as unknown as KernelSpec<AttrsOf<K>>;
  const metas = spec.infer(
    inputs.map((tensor) => ({ shape: tensor.shape, dtype: tensor.dtype })),
    attrs,
  );
  // Every dtype the kernel reads or writes must be supported (Where reads an int32
  // condition, Cast writes its target dtype).
  const dtypes = new Set([...inputs, ...metas].map((meta) => meta.dtype));
  for (const dtype of dtypes) {
    if (!backend.supports(kernel, dtype)) {
      throw new UnsupportedKernelError(
        `${kernel}: backend '${backend.name}' has no kernel for dtype ${dtype}. ` +
          `Hint: setBackend('cpu') runs every kernel.`,
        { kernel, backend: backend.name },
      );
    }
  }
  // A reshape of a deferred tensor stays deferred (it cannot fail once validated).
  const defer =
    options.defer === true || (kernel === 'Reshape' && inputs.some((input) => input.deferred));
  // Operands as they are now (a Parameter's data may be replaced later), except deferred
  // inputs, whose data is made (once, then never changes) only when this kernel runs.
  const operands = inputs.map((tensor) => (tensor.deferred ? tensor : operandOn(backend, tensor)));
  let handles: DataHandle[] | undefined;
  const handle = (index: number): DataHandle => {
    handles ??= backend.run(
      kernel,
      operands.map((operand) =>
        operand instanceof Tensor ? operandOn(backend, operand) : operand,
      ),
      attrs,
      metas,
    );
    const made = handles[index];
    if (made === undefined) throw new Error(`internal: ${kernel} returned too few outputs`);
    return made;
  };
  const outputs = metas.map((meta, index) =>
    defer
      ? Tensor.fromDeferred(() => handle(index), meta.shape, meta.dtype, backend)
      : Tensor.fromHandle(handle(index), meta.shape, meta.dtype, backend),
  );
  hook?.record(kernel, inputs, attrs as AttrsOf<KernelName>, outputs);
  return outputs;
}

/** Runs a single-output kernel. @internal */
export function runKernel1<K extends KernelName>(
  kernel: K,
  inputs: readonly Tensor[],
  attrs: AttrsOf<K>,
  options: RunKernelOptions = {},
): Tensor {
  const [output] = runKernel(kernel, inputs, attrs, options);
  if (output === undefined) throw new Error(`internal: ${kernel} returned no output`);
  return output;
}
