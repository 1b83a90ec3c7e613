/** Types of the package's flat ES module (its `module` entry, dist/index.js, imports a file it does not ship). */
declare module '@tensorflow/tfjs-tflite/dist/tf-tflite.fesm.js' {
  export * from '@tensorflow/tfjs-tflite'
}
