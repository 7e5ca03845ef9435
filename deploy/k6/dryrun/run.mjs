// node deploy/k6/dryrun/run.mjs deploy/k6/smoke.js — prints the options, runs setup(), one iteration of every
// scenario's exec function, and teardown(), against the URLs in the environment (AUTH_URL, ...).
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';
import path from 'node:path';

register('./hooks.mjs', import.meta.url);
globalThis.__ENV = process.env;
globalThis.__VU = 1;
globalThis.__ITER = 0;

const { results } = await import('./stubs.mjs');
const script = await import(pathToFileURL(path.resolve(process.argv[2])).href);
console.log('options:', JSON.stringify(script.options, null, 1));
const data = script.setup ? script.setup() : undefined;
for (const [name, scenario] of Object.entries(script.options.scenarios)) {
  console.log(`scenario ${name} (${scenario.executor})`);
  script[scenario.exec || 'default'](data);
}
if (script.teardown) {
  script.teardown(data);
}
console.log(results.requests.join('\n'));
console.log(results.checks.join('\n'));
const failed = results.checks.filter((c) => c.startsWith('FAIL')).length;
console.log(`${results.checks.length} checks, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
