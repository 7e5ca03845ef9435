// Load: constant arrival rate (open model) for DURATION. k6 run -e BROWSE_RATE=50 -e AUTH_RATE=2 -e CHECKOUT_RATE=5 deploy/k6/load.js
import { setupRun, reportUnavailable } from './lib/setup.js';
import { authJourney, browseJourney, checkoutJourney, healthJourney } from './lib/journeys.js';
import { thresholds } from './lib/thresholds.js';
import { AUTH_RATE, BROWSE_RATE, CHECKOUT_RATE, DURATION, MAX_VUS, preAllocated } from './lib/config.js';

export const options = {
  scenarios: {
    // health: 3 readiness checks + the /metrics scrape (management port), several seconds in the first iterations
    health: { executor: 'constant-arrival-rate', rate: 1, timeUnit: '1s', duration: DURATION, preAllocatedVUs: 10, maxVUs: 20, exec: 'health' },
    auth: { executor: 'constant-arrival-rate', rate: AUTH_RATE, timeUnit: '1s', duration: DURATION, preAllocatedVUs: preAllocated(AUTH_RATE, 3, 5), maxVUs: MAX_VUS, exec: 'auth' },
    browse: { executor: 'constant-arrival-rate', rate: BROWSE_RATE, timeUnit: '1s', duration: DURATION, preAllocatedVUs: preAllocated(BROWSE_RATE, 1, 20), maxVUs: MAX_VUS, exec: 'browse' },
    checkout: { executor: 'constant-arrival-rate', rate: CHECKOUT_RATE, timeUnit: '1s', duration: DURATION, preAllocatedVUs: preAllocated(CHECKOUT_RATE, 2, 10), maxVUs: MAX_VUS, exec: 'checkout' },
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
