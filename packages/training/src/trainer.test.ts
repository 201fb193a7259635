// The trainer's loop: events, truncated BPTT (state carried detached, reset at document
// boundaries), early stopping, abort, resume positions and the gradient-norm diagnostic.
import { LSTM, Linear } from '@unroll/architectures';
import { Parameter } from '@unroll/autograd';
import { Module } from '@unroll/cells';
import { Generator, randn, sub, sum, tensor, type Tensor } from '@unroll/tensor';
import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from './events';
import { detachState, resetStateRows, timeChunks } from './tbptt';
import { Trainer, type TrainerOptimizer } from './trainer';

/** Plain gradient descent, enough to drive the loop without the optimizers package. */
function descent(model: Module, lr: number): TrainerOptimizer {
  return {
    lr,
    step() {
      for (const p of model.parameters()) if (p.grad) p.assign(p.sub(p.grad.mul(lr)));
    },
  };
}

class Scalar extends Module {
  w = new Parameter(tensor([5]));
}

describe('Trainer', () => {
  it('minimises a loss and emits typed events in order', async () => {
    const model = new Scalar();
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 0.1),
      loss: () => ({ loss: sum(model.w.mul(model.w)) }),
    });
    const events: TrainingEvent[] = [];
    for (const type of ['step-end', 'epoch-end'] as const) trainer.on(type, (e) => events.push(e));
    const result = await trainer.fit([1, 2, 3], { epochs: 2 });
    expect(result).toEqual({ steps: 6, stoppedBy: 'epochs', bestValidationLoss: undefined });
    expect(events.map((e) => e.type)).toEqual([
      'step-end',
      'step-end',
      'step-end',
      'epoch-end',
      'step-end',
      'step-end',
      'step-end',
      'epoch-end',
    ]);
    const first = events[0] as Extract<TrainingEvent, { type: 'step-end' }>;
    expect(first.loss).toBe(25);
    expect(first.gradNorm).toBeCloseTo(10, 5);
    expect(model.w.item()).toBeCloseTo(5 * 0.8 ** 6, 5);
  });

  it('clips the gradient norm before the update', async () => {
    const model = new Scalar();
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 1),
      clip: { maxNorm: 1 },
      loss: () => ({ loss: sum(model.w.mul(model.w)) }),
    });
    await trainer.fit([0]);
    expect(model.w.item()).toBeCloseTo(4, 4);
  });

  it('carries the state detached between chunks and resets rows at document boundaries', async () => {
    const model = new Scalar();
    const seen: (Tensor | undefined)[] = [];
    const trainer = new Trainer<{ reset?: boolean[] }, Tensor>({
      model,
      optimizer: descent(model, 0),
      loss: (_batch, state) => {
        seen.push(state);
        const next = (state ?? tensor([[1, 1]])).add(model.w);
        return { loss: sum(next), state: next };
      },
    });
    await trainer.fit([{}, {}, { reset: [true, false] }]);
    expect(seen[0]).toBeUndefined();
    expect(seen[1]).toBeAllClose([[6, 6]]);
    expect(seen[1]?.requiresGrad).toBe(false);
    expect(seen[2]).toBeAllClose([[0, 11]]);
  });

  it('stops early when validation stops improving, and on abort', async () => {
    const model = new Scalar();
    const losses = [3, 2, 2.5, 2.4, 2.6, 1];
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 0),
      loss: () => ({ loss: sum(model.w) }),
      validate: () => losses.shift() ?? 0,
      evalEvery: 1,
      earlyStopping: { patience: 3 },
    });
    const evals: boolean[] = [];
    trainer.on('eval', (e) => evals.push(e.best));
    const result = await trainer.fit(Array.from({ length: 10 }, (_, k) => k));
    expect(result.stoppedBy).toBe('early-stopping');
    expect(result.steps).toBe(5);
    expect(result.bestValidationLoss).toBe(2);
    expect(evals).toEqual([true, true, false, false, false]);
    const controller = new AbortController();
    controller.abort();
    const aborted = await new Trainer<number>({
      model,
      optimizer: descent(model, 0),
      loss: () => ({ loss: sum(model.w) }),
    }).fit([1, 2, 3], { signal: controller.signal });
    expect(aborted).toMatchObject({ steps: 1, stoppedBy: 'aborted' });
  });

  it('resumes at startStep by skipping batches, and stops at maxSteps', async () => {
    const model = new Scalar();
    const used: number[] = [];
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 0),
      loss: (b) => (used.push(b), { loss: sum(model.w) }),
    });
    const result = await trainer.fit(() => [0, 1, 2, 3], { epochs: 3, startStep: 5, maxSteps: 9 });
    expect(used).toEqual([1, 2, 3, 0]);
    expect(result).toMatchObject({ steps: 9, stoppedBy: 'max-steps' });
  });

  it('does no end-of-epoch work for epochs a resume skipped whole, and steps epoch schedules once per epoch', async () => {
    const model = new Scalar();
    let scheduled: (number | undefined)[] = [];
    const validations = [3, 2, 1, 0.5, 0.25, 0.1];
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 0),
      loss: () => ({ loss: sum(model.w) }),
      scheduler: { step: (metric) => scheduled.push(metric) },
      schedulerInterval: 'epoch',
      validate: () => validations.shift() ?? 0,
      evalEvery: 1,
    });
    const ends: number[] = [];
    trainer.on('epoch-end', (e) => ends.push(e.epoch));
    await trainer.fit(() => [0, 1], { epochs: 3, startStep: 2 });
    expect(ends).toEqual([1, 2]);
    expect(scheduled).toEqual([2, 0.5]);
    scheduled = [];
  });

  it('records ‖∂L/∂h_t‖ per step for recurrent layers when asked', async () => {
    class Tiny extends Module {
      lstm = new LSTM({ inputSize: 2, hiddenSize: 3, generator: new Generator(1) });
      head = new Linear(3, 1, { generator: new Generator(2) });
    }
    const model = new Tiny();
    const x = randn([6, 2, 2], { generator: new Generator(3) });
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 0),
      gradientNormsEvery: 2,
      loss: () => ({ loss: sum(model.head.forward(model.lstm.forward(x)[0]).slice([[5, 6]])) }),
    });
    const records: Extract<TrainingEvent, { type: 'gradient-norms' }>[] = [];
    trainer.on('gradient-norms', (e) => records.push(e));
    await trainer.fit([1, 2, 3, 4]);
    expect(records.map((r) => r.step)).toEqual([2, 4]);
    const norms = records[0]!.layers[0]!.norms;
    expect(norms).toHaveLength(6);
    expect(norms[5]).toBeGreaterThan(norms[0]!);
  });

  it('names a non-finite loss', () => {
    const model = new Scalar();
    const trainer = new Trainer<number>({
      model,
      optimizer: descent(model, 0),
      loss: () => ({ loss: sum(model.w).div(0) }),
    });
    expect(() => trainer.trainStep(0)).toThrow(
      'Trainer.trainStep: the loss is Infinity at step 1. Hint: lower the learning rate or clip gradients.',
    );
  });
});

describe('truncated BPTT helpers', () => {
  it('detach nested states and reset chosen rows', () => {
    const h = randn([1, 2, 3]);
    h.requiresGrad = true;
    const state = [h.mul(2), h.mul(3)] as const;
    const detached = detachState(state);
    expect(detached[0].requiresGrad).toBe(false);
    const reset = resetStateRows(detached, [false, true]);
    expect(reset[1].select(1, 1)).toBeAllClose([[0, 0, 0]]);
    expect(reset[1].select(1, 0)).toBeAllClose(detached[1].select(1, 0));
  });

  it('cut tensors along time', () => {
    const x = tensor([[1, 2, 3, 4, 5]]);
    const chunks = timeChunks([x, sub(x, 1)], 2);
    expect(chunks.map(([a]) => a!.toArray())).toEqual([[[1, 2]], [[3, 4]], [[5]]]);
    expect(chunks[2]![1]).toBeAllClose([[4]]);
  });
});
