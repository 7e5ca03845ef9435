// Spike: the browse rate jumps SPIKE_FACTOR times for a minute, then falls back; thresholds cover the whole run.
// k6 run -e BROWSE_RATE=50 -e SPIKE_FACTOR=10 deploy/k6/spike.js
import { setupRun, reportUnavailable } from './lib/setup.js';
import { authJourney, browseJourney } from './lib/journeys.js';
import { thresholds } from './lib/thresholds.js';
import { AUTH_RATE, BROWSE_RATE, SPIKE_FACTOR, MAX_VUS } from './lib/config.js';

const peak = BROWSE_RATE * SPIKE_FACTOR;

export const options = {
  scenarios: {
    browse: {
      executor: 'ramping-arrival-rate', startRate: BROWSE_RATE, timeUnit: '1s', preAllocatedVUs: 50, maxVUs: MAX_VUS, exec: 'browse',
      stages: [
        { target: BROWSE_RATE, duration: '2m' },
        { target: peak, duration: '10s' },
        { target: peak, duration: '1m' },
        { target: BROWSE_RATE, duration: '10s' },
        { target: BROWSE_RATE, duration: '3m' },
      ],
    },
    auth: { executor: 'constant-arrival-rate', rate: AUTH_RATE, timeUnit: '1s', duration: '6m20s', preAllocatedVUs: 5, maxVUs: MAX_VUS, exec: 'auth' },
  },
  thresholds: thresholds(['auth', 'browse'], false),
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
