// Smoke: every main endpoint once, with checks. k6 run deploy/k6/smoke.js
import { setupRun, reportUnavailable } from './lib/setup.js';
import { authJourney, browseJourney, healthJourney, checkoutJourney } from './lib/journeys.js';
import { thresholds } from './lib/thresholds.js';

export const options = {
  scenarios: {
    health: { executor: 'shared-iterations', vus: 1, iterations: 1, exec: 'health' },
    auth: { executor: 'shared-iterations', vus: 1, iterations: 1, exec: 'auth' },
    browse: { executor: 'shared-iterations', vus: 1, iterations: 1, exec: 'browse' },
    checkout: { executor: 'shared-iterations', vus: 1, iterations: 1, exec: 'checkout' },
  },
  thresholds: thresholds(['health', 'auth', 'browse', 'checkout'], false),
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

export function checkout(data) {
  checkoutJourney(data);
}

export function teardown(data) {
  reportUnavailable(data);
}
