// The layers of src/ (docs/architecture.md, "Layers"), top first: a folder may import folders of its own
// layer or below, never above; import-rules.test.ts also forbids cycles, so within a layer arrows run one way.
export const layers: readonly (readonly string[])[] = [
  ['cli'],
  // The router: only cli starts it, and it imports nothing but its own short list (onlyImports).
  ['frontend'],
  ['apps'],
  ['backend', 'realtime', 'jobs', 'site'],
  ['model', 'auth', 'core'],
  ['db', 'cache', 'bus'],
  ['config'],
  // The bottom: each imports nothing of Cortado's.
  ['errors', 'mime', 'fieldtypes'],
];

/** Folders held to a short list instead of their layer: the router runs without the rest of Cortado. */
export const onlyImports: Readonly<Record<string, readonly string[]>> = {
  frontend: ['config', 'mime'],
  errors: [],
  mime: [],
  fieldtypes: [],
};

/** The layer's height (0 = bottom), or undefined for a folder the layers do not place. */
export function layerOf(folder: string): number | undefined {
  const at = layers.findIndex((layer) => layer.includes(folder));
  return at < 0 ? undefined : layers.length - 1 - at;
}
