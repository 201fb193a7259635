// Thrown when the current backend lacks a kernel for a dtype.
import { UnrollError, markerCheck, type UnrollErrorOptions } from './unroll-error';

const marker = Symbol.for('unroll.error.UnsupportedKernelError');

/** Details carried by a {@link UnsupportedKernelError}. */
export interface UnsupportedKernelErrorOptions extends UnrollErrorOptions {
  /** The kernel that is missing. */
  kernel?: string;
  /** The backend that lacks it. */
  backend?: string;
}

/**
 * A backend lacks a kernel for a dtype; the message names the kernel, the dtype and the backend.
 * @category Errors
 */
export class UnsupportedKernelError extends UnrollError {
  private readonly [marker] = true;
  /** The kernel that is missing. */
  readonly kernel: string | undefined;
  /** The backend that lacks it. */
  readonly backend: string | undefined;

  constructor(message: string, options: UnsupportedKernelErrorOptions = {}) {
    super(message, options);
    this.name = 'UnsupportedKernelError';
    this.kernel = options.kernel;
    this.backend = options.backend;
  }

  /** True for a UnsupportedKernelError from any installed copy of the package. */
  static override isInstance: (error: unknown) => error is UnsupportedKernelError =
    markerCheck(marker);
}
