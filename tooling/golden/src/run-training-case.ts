// Runs a `train_charlm` golden case: a one-hot character model (one LSTM layer and a linear
// head) trained for a few steps with clipping and Adam or SGD, PyTorch's step order
// (zero_grad, backward, clip, step), collecting the losses, gradient norms and parameters.
import { LSTM, Linear } from '@unroll/architectures';
import { noGrad, type Parameter } from '@unroll/autograd';
import { oneHot, tensor, type DType, type Tensor } from '@unroll/tensor';
import { Adam, SGD, clipGradNorm, clipGradValue, crossEntropy } from '@unroll/training';
import type { GoldenCase, GoldenTensor } from './golden-case';

interface OptimizerConfig {
  type: 'adam' | 'sgd';
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  amsgrad?: boolean;
  momentum?: number;
}

type ClipConfig =
  { type: 'norm'; maxNorm: number; normType?: number } | { type: 'value'; clipValue: number };

const load = (stored: GoldenTensor, dtype: DType): Tensor =>
  tensor(stored.data, { dtype: stored.dtype === 'int64' ? 'int32' : dtype }).reshape(stored.shape);

/** Runs the trajectory and returns every result tensor under its golden name. */
export function runTrainingCase(goldenCase: GoldenCase, dtype: DType): Map<string, Tensor> {
  const c = goldenCase.config;
  const stored = goldenCase.tensors;
  const V = c.vocabSize as number;
  const H = c.hiddenSize as number;
  const steps = c.steps as number;
  const lstm = new LSTM({ inputSize: V, hiddenSize: H, batchFirst: true, dtype });
  const head = new Linear(H, V, { dtype });
  const get = (name: string): Tensor => {
    const value = stored[name];
    if (value === undefined) throw new Error(`train_charlm case lacks tensor ${name}`);
    return load(value, dtype);
  };
  lstm.loadStateDict(
    new Map(
      ['weight_ih_l0', 'weight_hh_l0', 'bias_ih_l0', 'bias_hh_l0'].map((key) => [key, get(key)]),
    ),
  );
  head.loadStateDict({ weight: get('head.weight'), bias: get('head.bias') });
  const named: [string, Parameter][] = [
    ...lstm.stateParameters(),
    ...head.stateParameters().map(([key, p]): [string, Parameter] => [`head.${key}`, p]),
  ];
  const parameters = named.map(([, p]) => p);
  const optimizerConfig = c.optimizer as OptimizerConfig;
  const optimizer =
    optimizerConfig.type === 'adam'
      ? new Adam(parameters, {
          lr: optimizerConfig.lr,
          betas: [optimizerConfig.beta1 ?? 0.9, optimizerConfig.beta2 ?? 0.999],
          eps: optimizerConfig.eps ?? 1e-8,
          weightDecay: optimizerConfig.weightDecay ?? 0,
          amsgrad: optimizerConfig.amsgrad ?? false,
        })
      : new SGD(parameters, {
          lr: optimizerConfig.lr,
          momentum: optimizerConfig.momentum ?? 0,
          weightDecay: optimizerConfig.weightDecay ?? 0,
        });
  const clip = c.clip as ClipConfig;
  const inputs = oneHot(get('input_tokens'), V, { dtype });
  const targets = get('target_tokens').reshape([-1]);
  const lossAt = (): Tensor => {
    const [output] = lstm.forward(inputs);
    return crossEntropy(head.forward(output).reshape([-1, V]), targets);
  };
  const results = new Map<string, Tensor>();
  const losses: number[] = [];
  const norms: number[] = [];
  for (let step = 1; step <= steps; step++) {
    for (const p of parameters) p.grad = null;
    const loss = lossAt();
    losses.push(loss.item());
    loss.backward();
    if (step === 1) for (const [key, p] of named) results.set(`grad.${key}`, p.grad as Tensor);
    const total = clipGradNorm(
      parameters,
      clip.type === 'norm' ? clip.maxNorm : Infinity,
      clip.type === 'norm' ? (clip.normType ?? 2) : 2,
    );
    if (clip.type === 'value') clipGradValue(parameters, clip.clipValue);
    norms.push(total);
    noGrad(() => optimizer.step());
    if (step === 1) for (const [key, p] of named) results.set(`step1.${key}`, p.detach());
  }
  for (const [key, p] of named) results.set(`final.${key}`, p.detach());
  results.set('losses', tensor(losses, { dtype: 'float64' }));
  results.set('grad_norms', tensor(norms, { dtype: 'float64' }));
  results.set('final_loss', tensor([noGrad(lossAt).item()], { dtype: 'float64' }));
  return results;
}
