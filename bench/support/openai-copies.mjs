/**
 * A fresh copy of an `openai` major per variant, so that each instrumentation patches only its
 * own copy and the variants of one process never see each other's wrappers. CommonJS lets us
 * drop the package's files from the require cache and load them again as new classes.
 */
import { dirname, sep } from 'node:path';
import { rootRequire, versionOf } from './paths.mjs';

/** The installed `openai` packages by major: `openai` is v7, the aliases are the older majors. */
export const OPENAI_PACKAGES = { 7: 'openai', 6: 'openai-v6', 5: 'openai-v5', 4: 'openai-v4' };

export function openAIVersion(major) {
  return versionOf(rootRequire, OPENAI_PACKAGES[major]);
}

/** Loads a copy of the `openai` module of `major` that shares no class with any earlier copy. */
export function freshOpenAI(major) {
  forgetOpenAICopy(major);
  return rootRequire(OPENAI_PACKAGES[major]);
}

/**
 * Drops a major's files from the require cache. Call it once every copy is loaded: an
 * instrumentation that is enabled later patches `openai` modules it finds in the cache, which
 * would put it on another variant's copy.
 */
export function forgetOpenAICopy(major) {
  const name = OPENAI_PACKAGES[major];
  const packageDir = packageDirOf(rootRequire.resolve(name), name);
  for (const key of Object.keys(rootRequire.cache)) {
    if (key.startsWith(packageDir + sep)) delete rootRequire.cache[key];
  }
}

function packageDirOf(entry, name) {
  let dir = dirname(entry);
  while (!dir.endsWith(`${sep}node_modules${sep}${name}`)) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package folder of ${name}`);
    dir = parent;
  }
  return dir;
}
