/** Types of machine-load.mjs (plain JavaScript, so the .mjs benchmarks run it without a build). */
export function machineLoad(): () => string;
