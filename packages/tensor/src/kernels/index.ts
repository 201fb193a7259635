// The table of every kernel. Its keys define the KernelName union; backends and gradient
// tables are typed against it, so a kernel missing from one of them is a compile error.
import * as elementwise from './elementwise';
import type { KernelSpec } from './kernel-spec';
import {
  concatSpec,
  expandSpec,
  flipSpec,
  gatherElementsSpec,
  indexAddSpec,
  indexSelectSpec,
  padSpec,
  reshapeSpec,
  scatterAddSpec,
  sliceSpec,
  transposeSpec,
} from './layout';
import { matMulSpec } from './mat-mul';
import { softmaxCrossEntropyGradSpec, softmaxCrossEntropySpec } from './loss';
import { adamUpdateSpec } from './optimizer';
import { argMaxSpec, argMinSpec, maxSpec, minSpec, sumSpec } from './reduce';

/** Every kernel spec, keyed by kernel name. @category Backends */
export const kernelSpecs = {
  Neg: elementwise.negSpec,
  Abs: elementwise.absSpec,
  Sign: elementwise.signSpec,
  Exp: elementwise.expSpec,
  Log: elementwise.logSpec,
  Log1p: elementwise.log1pSpec,
  Sqrt: elementwise.sqrtSpec,
  Tanh: elementwise.tanhSpec,
  Sigmoid: elementwise.sigmoidSpec,
  Relu: elementwise.reluSpec,
  Add: elementwise.addSpec,
  Sub: elementwise.subSpec,
  Mul: elementwise.mulSpec,
  Div: elementwise.divSpec,
  Pow: elementwise.powSpec,
  Maximum: elementwise.maximumSpec,
  Minimum: elementwise.minimumSpec,
  Equal: elementwise.equalSpec,
  NotEqual: elementwise.notEqualSpec,
  Less: elementwise.lessSpec,
  LessEqual: elementwise.lessEqualSpec,
  Greater: elementwise.greaterSpec,
  GreaterEqual: elementwise.greaterEqualSpec,
  Where: elementwise.whereSpec,
  Cast: elementwise.castSpec,
  Sum: sumSpec,
  Max: maxSpec,
  Min: minSpec,
  ArgMax: argMaxSpec,
  ArgMin: argMinSpec,
  MatMul: matMulSpec,
  Reshape: reshapeSpec,
  Transpose: transposeSpec,
  Slice: sliceSpec,
  Flip: flipSpec,
  Concat: concatSpec,
  Pad: padSpec,
  Expand: expandSpec,
  GatherElements: gatherElementsSpec,
  IndexSelect: indexSelectSpec,
  IndexAdd: indexAddSpec,
  ScatterAdd: scatterAddSpec,
  SoftmaxCrossEntropy: softmaxCrossEntropySpec,
  SoftmaxCrossEntropyGrad: softmaxCrossEntropyGradSpec,
  AdamUpdate: adamUpdateSpec,
} as const;

/** The name of a kernel, e.g. `'MatMul'`. @category Backends */
export type KernelName = keyof typeof kernelSpecs;

/** The attribute type of kernel `K`. @category Backends */
export type AttrsOf<K extends KernelName> =
  (typeof kernelSpecs)[K] extends KernelSpec<infer Attrs> ? Attrs : never;

/** Every kernel name, in table order. @category Backends */
export const kernelNames = Object.keys(kernelSpecs) as KernelName[];
