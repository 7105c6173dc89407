import { ProtobufWriter } from './protobuf-writer.js';

/** The parts of onnx.proto (onnx-ml) an exported model uses, as plain data; field numbers from onnx-ml.proto. */
export type OnnxAttribute =
  | { name: string; float: number }
  | { name: string; int: number }
  | { name: string; string: string }
  | { name: string; floats: ArrayLike<number> }
  | { name: string; ints: ArrayLike<number> }
  | { name: string; strings: readonly string[] }
  | { name: string; tensor: OnnxTensor };

export interface OnnxTensor {
  dims: number[];
  /** TensorProto.DataType: 1 float (`floats`), 11 double (`doubles`). */
  dataType: 1 | 11;
  floats?: number[];
  doubles?: number[];
}

export interface OnnxNode {
  opType: string;
  domain?: string;
  name: string;
  inputs: string[];
  outputs: string[];
  attributes?: OnnxAttribute[];
}

/** A tensor value of shape [N, width] ('N' symbolic); elemType 1 = float, 8 = string. */
export interface OnnxValue {
  name: string;
  elemType: 1 | 8;
  width: number;
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  producerName: string;
  producerVersion: string;
  docString?: string;
  metadata?: Record<string, string>;
  graph: { name: string; nodes: OnnxNode[]; inputs: OnnxValue[]; outputs: OnnxValue[] };
}

/** Encodes a model as ONNX ModelProto bytes. */
export function encodeOnnx(model: OnnxModel): Uint8Array {
  const w = new ProtobufWriter();
  w.int(1, model.irVersion);
  w.string(2, model.producerName);
  w.string(3, model.producerVersion);
  if (model.docString !== undefined) w.string(6, model.docString);
  w.message(7, (g) => graph(g, model.graph));
  for (const opset of model.opsets) w.message(8, (o) => o.string(1, opset.domain).int(2, opset.version));
  for (const [key, value] of Object.entries(model.metadata ?? {})) w.message(14, (e) => e.string(1, key).string(2, value));
  return w.finish();
}

function graph(w: ProtobufWriter, g: OnnxModel['graph']): void {
  for (const node of g.nodes) w.message(1, (n) => encodeNode(n, node));
  w.string(2, g.name);
  for (const input of g.inputs) w.message(11, (v) => valueInfo(v, input));
  for (const output of g.outputs) w.message(12, (v) => valueInfo(v, output));
}

function encodeNode(w: ProtobufWriter, node: OnnxNode): void {
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name);
  w.string(4, node.opType);
  for (const attribute of node.attributes ?? []) w.message(5, (a) => encodeAttribute(a, attribute));
  if (node.domain !== undefined) w.string(7, node.domain);
}

// AttributeProto.AttributeType
const FLOAT = 1;
const INT = 2;
const STRING = 3;
const TENSOR = 4;
const FLOATS = 6;
const INTS = 7;
const STRINGS = 8;

function encodeAttribute(w: ProtobufWriter, a: OnnxAttribute): void {
  w.string(1, a.name);
  if ('float' in a) w.float(2, a.float).int(20, FLOAT);
  else if ('int' in a) w.int(3, a.int).int(20, INT);
  else if ('string' in a) w.string(4, a.string).int(20, STRING);
  else if ('tensor' in a) w.message(5, (t) => tensor(t, a.tensor)).int(20, TENSOR);
  else if ('floats' in a) w.packedFloats(7, a.floats).int(20, FLOATS);
  else if ('ints' in a) w.packedVarints(8, a.ints).int(20, INTS);
  else {
    for (const s of a.strings) w.string(9, s);
    w.int(20, STRINGS);
  }
}

function tensor(w: ProtobufWriter, t: OnnxTensor): void {
  if (t.dims.length > 0) w.packedVarints(1, t.dims);
  w.int(2, t.dataType);
  if (t.dataType === 1) w.packedFloats(4, t.floats ?? []);
  else w.packedDoubles(10, t.doubles ?? []);
}

function valueInfo(w: ProtobufWriter, v: OnnxValue): void {
  w.string(1, v.name);
  w.message(2, (type) =>
    type.message(1, (tensorType) =>
      tensorType.int(1, v.elemType).message(2, (shape) => {
        shape.message(1, (dim) => dim.string(2, 'N'));
        shape.message(1, (dim) => dim.int(1, v.width));
      }),
    ),
  );
}
