import type { ColumnState } from '@dpp/preprocessing';
import { GbdtError } from './errors.js';
import type { GbdtModel } from './model.js';
import { usedFeatures } from './model-columns.js';
import { type OnnxNode, type OnnxValue, encodeOnnx } from './onnx-proto.js';

/**
 * A self-contained ONNX model of a fitted model: one input per source column the model uses,
 * named as the column, shape [N, 1]: float32 for numbers (NaN = missing), string for
 * categories (pass a missing category as the column's `missingLevel`, '' by default); the
 * fitted preprocessing inside the graph (ai.onnx.ml Imputer for a filled number,
 * LabelEncoder for target statistics and one-hot levels), derived features (Sub, Div),
 * the trees as an ai.onnx.ml TreeEnsembleRegressor, a linear term as Imputer, Sub and
 * MatMul added to it, and a Sigmoid: output `pd`, float32
 * [N, 1], the probability of default. Opsets: default 15, ai.onnx.ml 3.
 */
export function exportOnnx(model: GbdtModel, options: { producerVersion?: string } = {}): Uint8Array {
  const nodes: OnnxNode[] = [];
  const inputs: OnnxValue[] = [];
  const made = new Map<string, string>(); // feature name -> tensor holding it ([N, 1] float)
  const inputOf = new Map<string, string>(); // source column -> input tensor
  const stateOf = new Map<string, ColumnState>();
  const sourceOf = new Map<string, ColumnState>(); // preprocessing output -> its column
  for (const column of model.preprocessing?.columns ?? []) {
    stateOf.set(column.name, column);
    if (column.kind === 'categorical') {
      if (column.encoding.type === 'one-hot') for (const o of column.encoding.outputs) sourceOf.set(o, column);
      else sourceOf.set(column.encoding.output, column);
    } else sourceOf.set(column.output, column);
  }
  const input = (name: string, elemType: 1 | 8): string => {
    let tensor = inputOf.get(name);
    if (tensor === undefined) {
      tensor = name;
      inputs.push({ name, elemType, width: 1 });
      inputOf.set(name, tensor);
    }
    return tensor;
  };
  let counter = 0;
  const fresh = (hint: string) => `${hint}__${counter++}`;
  const constant = (value: number | number[], dims: number[] = [], type: 'float' | 'double' = 'float'): string => {
    const out = fresh('const');
    const values = typeof value === 'number' ? [value] : value;
    nodes.push({ opType: 'Constant', name: out, inputs: [], outputs: [out], attributes: [{ name: 'value', tensor: type === 'float' ? { dims, dataType: 1, floats: values } : { dims, dataType: 11, doubles: values } }] });
    return out;
  };

  const feature = (name: string): string => {
    const known = made.get(name);
    if (known !== undefined) return known;
    let tensor: string;
    const derived = model.derived?.find((d) => d.name === name);
    const column = sourceOf.get(name);
    if (derived !== undefined) {
      const a = feature(derived.a);
      const b = feature(derived.b);
      tensor = fresh('derived');
      if (derived.op === 'difference') nodes.push({ opType: 'Sub', name: tensor, inputs: [a, b], outputs: [tensor] });
      else {
        // a / b, missing (NaN) where b is 0, as the native model computes it
        const quotient = fresh('quotient');
        const isZero = fresh('is_zero');
        nodes.push({ opType: 'Div', name: quotient, inputs: [a, b], outputs: [quotient] });
        nodes.push({ opType: 'Equal', name: isZero, inputs: [b, constant(0)], outputs: [isZero] });
        nodes.push({ opType: 'Where', name: tensor, inputs: [isZero, constant(Number.NaN), quotient], outputs: [tensor] });
      }
    } else if (column === undefined) {
      if (model.preprocessing !== undefined) throw new GbdtError('BAD_MODEL', `feature '${name}' comes from no preprocessing column and is not derived`);
      tensor = input(name, 1);
    } else if (column.kind !== 'categorical') {
      const raw = input(column.name, 1);
      if (column.missing.strategy === 'value') {
        tensor = fresh(`${column.name}_imputed`);
        nodes.push({ opType: 'Imputer', domain: 'ai.onnx.ml', name: tensor, inputs: [raw], outputs: [tensor], attributes: [{ name: 'imputed_value_floats', floats: [column.missing.value] }, { name: 'replaced_value_float', float: Number.NaN }] });
      } else tensor = raw;
    } else {
      const raw = input(column.name, 8);
      tensor = fresh(`${column.name}_encoded`);
      const encoding = column.encoding;
      let keys: string[];
      let values: number[];
      let fallback: number;
      if (encoding.type === 'one-hot') {
        const level = encoding.levels[encoding.outputs.indexOf(name)] as string;
        keys = [level];
        values = [1];
        fallback = 0;
      } else {
        keys = Object.keys(encoding.levels);
        values = keys.map((k) => {
          const s = encoding.levels[k]!;
          return (s.positives + encoding.prior * encoding.priorWeight) / (s.count + encoding.priorWeight);
        });
        fallback = encoding.prior;
      }
      nodes.push({ opType: 'LabelEncoder', domain: 'ai.onnx.ml', name: tensor, inputs: [raw], outputs: [tensor], attributes: [{ name: 'keys_strings', strings: keys }, { name: 'values_floats', floats: values }, { name: 'default_float', float: fallback }] });
    }
    made.set(name, tensor);
    return tensor;
  };

  // the features the trees split on, in model order; the concatenation holds them in that order
  const used = usedFeatures({ trees: model.trees });
  const position = new Map(used.map((f, k) => [f, k]));
  const columns = used.map((f) => feature(model.features[f] as string));
  // the graph's own tensors get fresh names (`hint__k`), so that no source column's name collides with them
  const ensembleInput = columns.length === 1 ? (columns[0] as string) : fresh('features');
  if (columns.length > 1) nodes.push({ opType: 'Concat', name: ensembleInput, inputs: columns, outputs: [ensembleInput], attributes: [{ name: 'axis', int: 1 }] });
  // the linear term: its features side by side, missing values filled with the centers, (x - center) . weights
  const linear = model.linear !== undefined && model.linear.features.length > 0 ? model.linear : undefined;
  let linearScore: string | undefined;
  if (linear !== undefined) {
    const parts = linear.features.map((f) => feature(model.features[f] as string));
    let x = parts[0] as string;
    if (parts.length > 1) {
      x = fresh('linear_inputs');
      nodes.push({ opType: 'Concat', name: x, inputs: parts, outputs: [x], attributes: [{ name: 'axis', int: 1 }] });
    }
    // an infinite value counts as missing, as the native model takes it
    const infinite = fresh('linear_infinite');
    nodes.push({ opType: 'IsInf', name: infinite, inputs: [x], outputs: [infinite] });
    const finite = fresh('linear_finite');
    nodes.push({ opType: 'Where', name: finite, inputs: [infinite, constant(Number.NaN), x], outputs: [finite] });
    const filled = fresh('linear_filled');
    nodes.push({ opType: 'Imputer', domain: 'ai.onnx.ml', name: filled, inputs: [finite], outputs: [filled], attributes: [{ name: 'imputed_value_floats', floats: linear.center }, { name: 'replaced_value_float', float: Number.NaN }] });
    // (x - center) . weights in double, as the native model sums it, then back to float
    const wide = fresh('linear_double');
    nodes.push({ opType: 'Cast', name: wide, inputs: [filled], outputs: [wide], attributes: [{ name: 'to', int: 11 }] });
    const centered = fresh('linear_centered');
    nodes.push({ opType: 'Sub', name: centered, inputs: [wide, constant(linear.center, [linear.center.length], 'double')], outputs: [centered] });
    const product = fresh('linear_product');
    nodes.push({ opType: 'MatMul', name: product, inputs: [centered, constant(linear.weights, [linear.weights.length, 1], 'double')], outputs: [product] });
    linearScore = fresh('linear_score');
    nodes.push({ opType: 'Cast', name: linearScore, inputs: [product], outputs: [linearScore], attributes: [{ name: 'to', int: 1 }] });
  }
  if (columns.length === 0 && linearScore === undefined) {
    // a model without a split: every row gets the base score; the graph still needs an input
    const first = model.features[0];
    if (first === undefined) throw new GbdtError('BAD_MODEL', 'the model has no features');
    columns.push(feature(first));
  }

  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const thresholds: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTrue: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetWeight: number[] = [];
  model.trees.forEach((tree, t) => {
    tree.feature.forEach((f, n) => {
      treeIds.push(t);
      nodeIds.push(n);
      if (f >= 0) {
        featureIds.push(position.get(f) as number);
        modes.push('BRANCH_LEQ');
        thresholds.push(tree.threshold[n] as number);
        trueIds.push(tree.left[n] as number);
        falseIds.push(tree.right[n] as number);
        missingTrue.push(tree.missingLeft[n] as number);
      } else {
        featureIds.push(0);
        modes.push('LEAF');
        thresholds.push(0);
        trueIds.push(0);
        falseIds.push(0);
        missingTrue.push(0);
        targetTree.push(t);
        targetNode.push(n);
        targetWeight.push(tree.value[n] as number);
      }
    });
  });
  const ensemble = model.trees.length > 0 && used.length > 0;
  const rawScore = fresh('raw_score');
  const treeScore = linearScore === undefined ? rawScore : fresh('tree_score');
  if (ensemble) {
    nodes.push({
      opType: 'TreeEnsembleRegressor',
      domain: 'ai.onnx.ml',
      name: treeScore,
      inputs: [ensembleInput],
      outputs: [treeScore],
      attributes: [
        { name: 'n_targets', int: 1 },
        { name: 'aggregate_function', string: 'SUM' },
        { name: 'post_transform', string: 'NONE' },
        { name: 'base_values', floats: [model.baseScore] },
        { name: 'nodes_treeids', ints: treeIds },
        { name: 'nodes_nodeids', ints: nodeIds },
        { name: 'nodes_featureids', ints: featureIds },
        { name: 'nodes_modes', strings: modes },
        { name: 'nodes_values', floats: thresholds },
        { name: 'nodes_truenodeids', ints: trueIds },
        { name: 'nodes_falsenodeids', ints: falseIds },
        { name: 'nodes_missing_value_tracks_true', ints: missingTrue },
        { name: 'target_treeids', ints: targetTree },
        { name: 'target_nodeids', ints: targetNode },
        { name: 'target_ids', ints: targetTree.map(() => 0) },
        { name: 'target_weights', floats: targetWeight },
      ],
    });
    if (linearScore !== undefined) nodes.push({ opType: 'Add', name: rawScore, inputs: [treeScore, linearScore], outputs: [rawScore] });
  } else {
    // raw score = base score (+ leaf values of leaf-only trees) for every row: 0 * x + score, or the linear term + score
    const score = model.baseScore + model.trees.reduce((s, t) => s + (t.value[0] as number), 0);
    let rowTerm = linearScore;
    if (rowTerm === undefined) {
      rowTerm = fresh('zeroed');
      nodes.push({ opType: 'Mul', name: rowTerm, inputs: [columns[0] as string, constant(0)], outputs: [rowTerm] });
    }
    nodes.push({ opType: 'Add', name: rawScore, inputs: [rowTerm, constant(score)], outputs: [rawScore] });
  }
  nodes.push({ opType: 'Sigmoid', name: 'pd', inputs: [rawScore], outputs: ['pd'] });
  return encodeOnnx({
    irVersion: 8,
    opsets: [
      { domain: '', version: 15 },
      { domain: 'ai.onnx.ml', version: 3 },
    ],
    producerName: 'dpp',
    producerVersion: options.producerVersion ?? '0',
    docString: 'dpp default-prediction model: input columns -> preprocessing -> gradient-boosted trees and/or a linear term -> pd (probability of default)',
    metadata: { features: JSON.stringify(model.features), trees: String(model.trees.length), linear: String(linear?.features.length ?? 0) },
    graph: { name: 'dpp_pd', nodes, inputs, outputs: [{ name: 'pd', elemType: 1, width: 1 }] },
  });
}
