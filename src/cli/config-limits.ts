/**
 * Limits that keep reading `.azmtls.yml` bounded: a file past them is rejected before the `yaml` package
 * builds a document (see src/core/yaml-limits.ts for why).
 */
export { checkYamlShape, yamlPosition, type ShapeProblem } from '../core/yaml-limits.js';

/** A configuration is a few KB; this leaves room for thousands of exceptions. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The configuration itself is 4 levels deep (mapping, exceptions list, exception, value). */
export const MAX_CONFIG_DEPTH = 64;

/**
 * Scalars, aliases, collections, anchors and tags. A megabyte of exceptions is about 50,000; a megabyte of
 * `[a,a,a,...` or `&a &a &a ...` is several times that and would take `yaml` seconds to compose.
 */
export const MAX_CONFIG_NODES = 100_000;

