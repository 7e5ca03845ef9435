// Stress: the browse arrival rate ramps up to STRESS_MAX_RATE; the run stops when a threshold breaks
// (abortOnFail). The last rate before the abort is the capacity. k6 run -e STRESS_MAX_RATE=2000 deploy/k6/stress.js
import { setupRun, reportUnavailable } from './lib/setup.js';
import { authJourney, browseJourney } from './lib/journeys.js';
import { thresholds } from './lib/thresholds.js';
import { AUTH_RATE, STRESS_MAX_RATE, MAX_VUS } from './lib/config.js';

const steps = [0.1, 0.25, 0.5, 0.75, 1.0].map((f) => Math.max(1, Math.round(f * STRESS_MAX_RATE)));

export const options = {
  scenarios: {
    browse: {
      executor: 'ramping-arrival-rate', startRate: steps[0], timeUnit: '1s', preAllocatedVUs: 50, maxVUs: MAX_VUS, exec: 'browse',
      stages: steps.flatMap((rate) => [{ target: rate, duration: '1m' }, { target: rate, duration: '2m' }]),
    },
    auth: {
      executor: 'ramping-arrival-rate', startRate: AUTH_RATE, timeUnit: '1s', preAllocatedVUs: 5, maxVUs: MAX_VUS, exec: 'auth',
      stages: [{ target: AUTH_RATE, duration: '5m' }, { target: AUTH_RATE * 4, duration: '10m' }],
    },
  },
  thresholds: thresholds(['auth', 'browse'], true),
};

export function setup() {
  return setupRun();
}

export function auth(data) {
  authJourney(data);
}

export function browse(data) {
  browseJourney(data);
}

export function teardown(data) {
  reportUnavailable(data);
}
