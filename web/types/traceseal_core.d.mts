// For `tsc` only (tsconfig rootDirs): the worker's `import './traceseal_core.mjs'` is the
// Emscripten module typed by web/bindings.d.ts.
export * from '../bindings';
export { default } from '../bindings';
