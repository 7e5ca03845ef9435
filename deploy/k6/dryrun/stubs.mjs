// Minimal stand-ins for the k6 modules, so a script's options, setup() and one iteration of each scenario
// run under Node (requests through curl, synchronously, like k6). A syntax and logic check, not a load test.
import { execFileSync } from 'node:child_process';

export const results = { checks: [], requests: [] };

function response(status, body) {
  return {
    status,
    body,
    json(path) {
      const value = JSON.parse(body);
      return path ? path.split('.').reduce((v, k) => (v == null ? undefined : v[k]), value) : value;
    },
  };
}

function request(method, url, body, params) {
  const args = ['-s', '-o', '-', '-w', '\n%{http_code}', '-X', method, '--max-time', '30'];
  for (const [k, v] of Object.entries((params && params.headers) || {})) {
    args.push('-H', `${k}: ${v}`);
  }
  if (body != null) {
    args.push('--data-binary', body);
  }
  args.push(url);
  let out;
  try {
    out = execFileSync('curl', args, { encoding: 'utf8' });
  } catch (e) {
    out = `${e.stdout || ''}\n0`;
  }
  const cut = out.lastIndexOf('\n');
  const res = response(Number(out.slice(cut + 1)) || 0, out.slice(0, cut));
  results.requests.push(`${method} ${url} -> ${res.status}`);
  return res;
}

export const http = {
  get: (url, params) => request('GET', url, null, params),
  post: (url, body, params) => request('POST', url, body, params),
  expectedStatuses: (...s) => ({ expectedStatuses: s }),
};

export function check(value, predicates) {
  let all = true;
  for (const [name, fn] of Object.entries(predicates)) {
    const ok = !!fn(value);
    results.checks.push(`${ok ? 'PASS' : 'FAIL'} ${name}`);
    all = all && ok;
  }
  return all;
}

export function fail(message) {
  throw new Error(message);
}

export function sleep() {}

export class Counter {
  constructor(name) {
    this.name = name;
  }

  add(n, tags) {
    results.requests.push(`${this.name} +${n} ${JSON.stringify(tags || {})}`);
  }
}
