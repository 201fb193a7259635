// What a kernel sees of a tensor: its meta and an opaque handle to its data. Its own file so
// that the Backend contract and the fused-sequence contract can both use it.
import type { TensorMeta } from '../kernels/kernel-spec';

/**
 * An opaque reference to a tensor's data inside one backend (a typed array for `cpu` and
 * `wasm`). Data behind a handle is never changed after it is written: kernels always write
 * fresh outputs, so handles may be shared between tensors.
 * @category Backends
 */
export type DataHandle = object;

/** A kernel operand: shape, dtype and the handle of its data. @category Backends */
export interface TensorInfo extends TensorMeta {
  /** The handle of the data in its backend. */
  readonly data: DataHandle;
}
