// Thresholds shared by every script: p(99) per journey (k6 tags each request with its scenario), no failed
// requests (< 0.1 %), every check passing, no dropped iterations (the arrival rate was really offered).
import { P99_AUTH_MS, P99_BROWSE_MS, P99_CHECKOUT_MS, P99_HEALTH_MS } from './config.js';

const P99 = { auth: P99_AUTH_MS, browse: P99_BROWSE_MS, health: P99_HEALTH_MS, checkout: P99_CHECKOUT_MS };
const KIND = { auth: 'auth', browse: 'read', health: 'health', checkout: 'write' };

export function thresholds(scenarioNames, abortOnFail) {
  const t = {
    http_req_failed: ['rate<0.001'],
    checks: ['rate==1.0'],
    dropped_iterations: ['count==0'],
  };
  for (const name of scenarioNames) {
    const rule = `p(99)<${P99[name]}`;
    t[`http_req_duration{scenario:${name},kind:${KIND[name]}}`] = [
      abortOnFail ? { threshold: rule, abortOnFail: true, delayAbortEval: '15s' } : rule,
    ];
  }
  return t;
}
