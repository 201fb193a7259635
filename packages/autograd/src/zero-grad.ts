// Clearing accumulated gradients between optimisation steps.
import type { Tensor } from '@unroll/tensor';

/**
 * Clears the `.grad` of every tensor given (sets it to null, PyTorch's default
 * `set_to_none=True`), so that the next backward pass starts from nothing.
 * @param tensors - parameters or any leaves
 * @example
 * ```ts
 * zeroGrad(model.parameters());
 * loss.backward();
 * ```
 * @see torch.optim.Optimizer.zero_grad
 * @category Autograd
 */
export function zeroGrad(tensors: Iterable<Tensor>): void {
  for (const tensor of tensors) tensor.grad = null;
}
