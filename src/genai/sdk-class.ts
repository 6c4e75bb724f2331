/**
 * An SDK's client class from whatever a caller or a module hook has: the package's CJS exports (the
 * class itself, or an object or function carrying it as `exportName` and `default`), an ESM
 * namespace (`Symbol.toStringTag === 'Module'`, the class on `default` or `exportName`), a
 * package file's exports, or the class directly. `isClientClass` recognises the class (by the
 * static resource classes that lead to the patched prototypes).
 */
export function sdkClassOf<Sdk>(
  target: unknown,
  exportName: string,
  isClientClass: (candidate: Record<string, unknown>) => boolean,
): Sdk | undefined {
  if (target === null || (typeof target !== 'object' && typeof target !== 'function')) return undefined;
  const candidates = target as Record<string | symbol, unknown>;
  const namespace =
    candidates[Symbol.toStringTag] === 'Module'
      ? (candidates.default as Record<string, unknown> | undefined)
      : candidates;
  for (const candidate of [namespace?.[exportName], namespace, candidates[exportName], candidates.default]) {
    if (typeof candidate === 'function' && isClientClass(candidate as unknown as Record<string, unknown>))
      return candidate as Sdk;
  }
  return undefined;
}
