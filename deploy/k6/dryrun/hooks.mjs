// Resolves the k6 module names to the stubs.
const STUBS = {
  k6: 'export { check, fail, sleep } from "./stubs.mjs";',
  'k6/http': 'import { http } from "./stubs.mjs"; export default http;',
  'k6/metrics': 'export { Counter } from "./stubs.mjs";',
};

export async function resolve(specifier, context, next) {
  if (Object.hasOwn(STUBS, specifier)) {
    return { url: `k6stub:${specifier}`, shortCircuit: true };
  }
  return next(specifier, context);
}

export async function load(url, context, next) {
  if (url.startsWith('k6stub:')) {
    const source = STUBS[url.slice(7)].replace('./stubs.mjs', new URL('./stubs.mjs', import.meta.url).href);
    return { format: 'module', source, shortCircuit: true };
  }
  return next(url, context);
}
