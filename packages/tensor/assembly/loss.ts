// Softmax cross-entropy over rows of logits [M, C] (float32): per row the log-sum-exp through
// the row's maximum, four classes at a time, and either the loss or its gradient.
import { expv } from './simd';

/** log Σ_c exp(x_c) of one row of C logits at x. */
function logSumExp(x: usize, C: i32): f32 {
  let max: f32 = -Infinity;
  for (let c = 0; c < C; c++) max = Mathf.max(max, load<f32>(x + <usize>c * 4));
  if (!isFinite(max)) return max;
  const m = f32x4.splat(max);
  let sums = f32x4.splat(0);
  let c = 0;
  for (; c + 4 <= C; c += 4) sums = f32x4.add(sums, expv(f32x4.sub(v128.load(x + <usize>c * 4), m)));
  let sum: f32 =
    f32x4.extract_lane(sums, 0) + f32x4.extract_lane(sums, 1) +
    f32x4.extract_lane(sums, 2) + f32x4.extract_lane(sums, 3);
  for (; c < C; c++) sum += f32x4.extract_lane(expv(f32x4.splat(load<f32>(x + <usize>c * 4) - max)), 0);
  return max + Mathf.log(sum);
}

/**
 * loss[r] = −Σ_c q_c log softmax(x_r)_c with q = (1 − eps)·onehot(target[r]) + eps/C, or 0
 * where target[r] == ignoreIndex. target holds i32.
 */
export function softmaxCrossEntropy(
  M: i32, C: i32, x: usize, target: usize, ignoreIndex: i32, eps: f32, loss: usize,
): void {
  for (let r = 0; r < M; r++) {
    const t = load<i32>(target + <usize>r * 4);
    const row = x + <usize>(r * C) * 4;
    if (t == ignoreIndex) {
      store<f32>(loss + <usize>r * 4, 0);
      continue;
    }
    const lse = logSumExp(row, C);
    let value = (<f32>1 - eps) * (lse - load<f32>(row + <usize>t * 4));
    if (eps > 0) {
      let sum: f32 = 0;
      for (let c = 0; c < C; c++) sum += load<f32>(row + <usize>c * 4);
      value += eps * (lse - sum / <f32>C);
    }
    store<f32>(loss + <usize>r * 4, value);
  }
}

/** dx[r] = (softmax(x_r) − q) · dLoss[r], 0 where target[r] == ignoreIndex. */
export function softmaxCrossEntropyGrad(
  M: i32, C: i32, x: usize, target: usize, dLoss: usize, ignoreIndex: i32, eps: f32, dx: usize,
): void {
  const spread = eps / <f32>C;
  for (let r = 0; r < M; r++) {
    const t = load<i32>(target + <usize>r * 4);
    const row = x + <usize>(r * C) * 4;
    const out = dx + <usize>(r * C) * 4;
    if (t == ignoreIndex) {
      memory.fill(out, 0, <usize>C * 4);
      continue;
    }
    const lse = logSumExp(row, C);
    const g = load<f32>(dLoss + <usize>r * 4);
    const l = f32x4.splat(lse);
    const gv = f32x4.splat(g);
    const sv = f32x4.splat(spread);
    let c = 0;
    for (; c + 4 <= C; c += 4) {
      const p = expv(f32x4.sub(v128.load(row + <usize>c * 4), l));
      v128.store(out + <usize>c * 4, f32x4.mul(f32x4.sub(p, sv), gv));
    }
    for (; c < C; c++) {
      const p = f32x4.extract_lane(expv(f32x4.splat(load<f32>(row + <usize>c * 4) - lse)), 0);
      store<f32>(out + <usize>c * 4, (p - spread) * g);
    }
    const at = out + <usize>t * 4;
    store<f32>(at, load<f32>(at) - (<f32>1 - eps) * g);
  }
}
