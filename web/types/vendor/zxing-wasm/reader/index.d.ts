// For `tsc` only (tsconfig rootDirs): the site's copy of zxing-wasm's ES reader build.
export * from '../../../../node_modules/zxing-wasm/dist/es/reader/index';
