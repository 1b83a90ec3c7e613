/** The ONNX export cannot be built; the message is one sentence. */
export class OnnxExportError extends Error {}
