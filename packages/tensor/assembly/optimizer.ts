// The fused Adam step over float32 arrays, four lanes at a time (the cpu kernel's formula:
// torch.optim.Adam's, with the bias corrections folded into stepSize and bc2).

/**
 * One Adam step for n values: θ' = θ·decay − stepSize · m' / (√v̂ / bc2 + eps), with
 * g ← g + l2·θ, m' = β₁m + (1 − β₁)g, v' = β₂v + (1 − β₂)g², v̂ = max(vMax, v') under AMSGrad
 * (written to vMaxOut), else v'.
 */
export function adamUpdate(
  n: i32,
  theta: usize, g: usize, m: usize, v: usize, vMax: usize,
  thetaOut: usize, mOut: usize, vOut: usize, vMaxOut: usize,
  beta1: f32, beta2: f32, eps: f32, l2: f32, decay: f32, stepSize: f32, bc2: f32,
  amsgrad: bool,
): void {
  const b1 = f32x4.splat(beta1);
  const b2 = f32x4.splat(beta2);
  const k1 = f32x4.splat(<f32>1 - beta1);
  const k2 = f32x4.splat(<f32>1 - beta2);
  const vl2 = f32x4.splat(l2);
  const vdecay = f32x4.splat(decay);
  const vstep = f32x4.splat(stepSize);
  const vbc2 = f32x4.splat(bc2);
  const veps = f32x4.splat(eps);
  let k = 0;
  for (; k + 4 <= n; k += 4) {
    const at = <usize>k * 4;
    const t = v128.load(theta + at);
    const grad = f32x4.add(v128.load(g + at), f32x4.mul(t, vl2));
    const mk = f32x4.add(f32x4.mul(v128.load(m + at), b1), f32x4.mul(grad, k1));
    let vk = f32x4.add(f32x4.mul(v128.load(v + at), b2), f32x4.mul(f32x4.mul(grad, grad), k2));
    v128.store(mOut + at, mk);
    v128.store(vOut + at, vk);
    if (amsgrad) {
      vk = f32x4.max(v128.load(vMax + at), vk);
      v128.store(vMaxOut + at, vk);
    }
    const denominator = f32x4.add(f32x4.div(f32x4.sqrt(vk), vbc2), veps);
    v128.store(thetaOut + at, f32x4.sub(f32x4.mul(t, vdecay), f32x4.mul(f32x4.div(mk, denominator), vstep)));
  }
  for (; k < n; k++) {
    const at = <usize>k * 4;
    const t = load<f32>(theta + at);
    const grad = load<f32>(g + at) + t * l2;
    const mk = load<f32>(m + at) * beta1 + grad * (<f32>1 - beta1);
    let vk = load<f32>(v + at) * beta2 + grad * grad * (<f32>1 - beta2);
    store<f32>(mOut + at, mk);
    store<f32>(vOut + at, vk);
    if (amsgrad) {
      vk = Mathf.max(load<f32>(vMax + at), vk);
      store<f32>(vMaxOut + at, vk);
    }
    store<f32>(thetaOut + at, t * decay - (mk / (Mathf.sqrt(vk) / bc2 + eps)) * stepSize);
  }
}
