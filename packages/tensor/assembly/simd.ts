// Vector helpers shared by the kernels: multiply-add (fused in the relaxed-SIMD build) and
// the exponential, sigmoid and tanh of four lanes at once.

/** c + a·b on four lanes; one fused instruction where the engine has relaxed SIMD. */
// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * e^x on four lanes (Cephes' expf: range reduction by ln 2, a degree-6 polynomial, the
 * exponent built in the bits). Relative error about 2e-7; inputs are clamped to ±87 with pmin
 * and pmax, one instruction each on x64 where min and max take several for their NaN and ±0
 * rules (a NaN input stays NaN either way). Halved the LSTM forward's gate math (W4's shape).
 */
// @ts-ignore: decorator
@inline
export function expv(x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-87.0)), f32x4.splat(87.0));
  const fx = f32x4.floor(madd(x, f32x4.splat(1.44269504088896341), f32x4.splat(0.5)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  x = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let y = f32x4.splat(1.9875691500e-4);
  y = madd(y, x, f32x4.splat(1.3981999507e-3));
  y = madd(y, x, f32x4.splat(8.3334519073e-3));
  y = madd(y, x, f32x4.splat(4.1665795894e-2));
  y = madd(y, x, f32x4.splat(1.6666665459e-1));
  y = madd(y, x, f32x4.splat(5.0000001201e-1));
  y = madd(y, f32x4.mul(x, x), f32x4.add(x, f32x4.splat(1.0)));
  // fx is a whole number within ±127 here, so the relaxed conversion (one instruction) is exact.
  const n = ASC_FEATURE_RELAXED_SIMD ? i32x4.relaxed_trunc_f32x4_s(fx) : i32x4.trunc_sat_f32x4_s(fx);
  const scale = i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23);
  return f32x4.mul(y, scale);
}

/**
 * The logistic function 1 / (1 + e^−x) on four lanes, accurate relative to its value even far
 * in the negative tail (1.4e-7): the elementwise `sigmoid`. The cells use gateSigmoid.
 */
// @ts-ignore: decorator
@inline
export function sigmoidv(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), expv(f32x4.neg(x))));
}

/**
 * tanh on four lanes: x·P(x²)/Q(x²), a rational fit of degree 9 over 8 on [−9, 9] (fitted for
 * this kernel, least squares reweighted towards the largest relative error), and exactly ±1
 * beyond, where float32's tanh is ±1. At most 3.4e-7 from the true value and 1.2e-7 relative
 * near 0 (where the former 1 − 2/(e^{2x} + 1) lost every digit to cancellation); no
 * exponential, so about half the instructions: an LSTM(64) forward at batch 64 on one thread
 * 5.0 → 4.1 ms with gateSigmoid.
 */
// @ts-ignore: decorator
@inline
export function tanhv(x: v128): v128 {
  const c = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-9.0)), f32x4.splat(9.0));
  const s = f32x4.mul(c, c);
  let p = f32x4.splat(1.335547052912201e-8);
  p = madd(p, s, f32x4.splat(2.0609644662794994e-5));
  p = madd(p, s, f32x4.splat(3.4956212850835427e-3));
  p = madd(p, s, f32x4.splat(1.3381053352949818e-1));
  p = madd(p, s, f32x4.splat(9.99999979745775e-1));
  let q = f32x4.splat(7.776883479653491e-7);
  q = madd(q, s, f32x4.splat(3.285689731289643e-4));
  q = madd(q, s, f32x4.splat(2.5877107549468824e-2));
  q = madd(q, s, f32x4.splat(4.6714369012002116e-1));
  q = madd(q, s, f32x4.splat(1.0));
  const r = f32x4.div(f32x4.mul(c, p), q);
  // ±1 with x's sign where |x| ≥ 9 (NaN fails the test and stays NaN).
  const one = v128.or(v128.and(x, f32x4.splat(-0.0)), f32x4.splat(1.0));
  return v128.bitselect(one, r, f32x4.ge(f32x4.abs(x), f32x4.splat(9.0)));
}

/**
 * The logistic function for the cells' gates, as ½ + ½·tanh(x/2): 1.9e-7 from the true value
 * everywhere (the error that matters where a gate multiplies a state), but not relative to
 * tiny results far in the negative tail, unlike sigmoidv.
 */
// @ts-ignore: decorator
@inline
export function gateSigmoid(x: v128): v128 {
  const half = f32x4.splat(0.5);
  return madd(half, tanhv(f32x4.mul(x, half)), half);
}

/** Lane 0 of a vector op applied to a scalar (the tails of rows whose length is not a multiple of 4). */
// @ts-ignore: decorator
@inline
export function lane0(v: v128): f32 {
  return f32x4.extract_lane(v, 0);
}
