export { embedded } from './embedded-cluster.js';
export type { EmbeddedClusterOptions, EmbeddedTarget } from './embedded-cluster.js';
