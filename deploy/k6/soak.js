// Soak: a moderate constant arrival rate for SOAK_DURATION (2 h by default), to find leaks and slow drift.
// k6 run -e SOAK_DURATION=8h deploy/k6/soak.js
import { setupRun, reportUnavailable } from './lib/setup.js';
import { authJourney, browseJourney, healthJourney } from './lib/journeys.js';
import { thresholds } from './lib/thresholds.js';
import { AUTH_RATE, BROWSE_RATE, SOAK_DURATION, MAX_VUS } from './lib/config.js';

export const options = {
  scenarios: {
    health: { executor: 'constant-arrival-rate', rate: 1, timeUnit: '5s', duration: SOAK_DURATION, preAllocatedVUs: 10, maxVUs: 20, exec: 'health' },
    auth: { executor: 'constant-arrival-rate', rate: AUTH_RATE, timeUnit: '1s', duration: SOAK_DURATION, preAllocatedVUs: 5, maxVUs: MAX_VUS, exec: 'auth' },
    browse: { executor: 'constant-arrival-rate', rate: BROWSE_RATE, timeUnit: '1s', duration: SOAK_DURATION, preAllocatedVUs: 20, maxVUs: MAX_VUS, exec: 'browse' },
  },
  thresholds: thresholds(['health', 'auth', 'browse'], false),
};

export function setup() {
  return setupRun();
}

export function health() {
  healthJourney();
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
