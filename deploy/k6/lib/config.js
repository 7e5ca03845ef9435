// Settings of every script, from environment variables (k6 run -e NAME=value or the process environment).
const env = (name, fallback) => (__ENV[name] !== undefined && __ENV[name] !== '' ? __ENV[name] : fallback);
const num = (name, fallback) => Number(env(name, fallback));

export const AUTH_URL = env('AUTH_URL', 'http://localhost:8000');
export const PLATFORM_URL = env('PLATFORM_URL', 'http://localhost:8001');
export const COMMERCE_URL = env('COMMERCE_URL', 'http://localhost:8002');
// The process's management port (/metrics); empty = not checked (compose does not publish it to the host).
export const METRICS_URL = env('METRICS_URL', '');

// Existing tenant and credentials; when TENANT_SLUG is empty, setup() signs up a fresh tenant.
export const TENANT_SLUG = env('TENANT_SLUG', '');
export const EMAIL = env('EMAIL', '');
export const PASSWORD = env('PASSWORD', 'K6-load-test-passphrase-2026');
export const PLAN = env('PLAN', 'enterprise');
export const SEED_PRODUCTS = num('SEED_PRODUCTS', 20);

// Arrival rates (iterations per second) and durations.
export const AUTH_RATE = num('AUTH_RATE', 2);
export const BROWSE_RATE = num('BROWSE_RATE', 50);
export const CHECKOUT_RATE = num('CHECKOUT_RATE', 5);
// The location setup() stocks the seeded variants at (CHECKOUT_STOCK units each) for the checkout journey.
export const CHECKOUT_LOCATION = env('CHECKOUT_LOCATION', '0191f0a0-0000-7000-8000-00000000c0de');
export const CHECKOUT_STOCK = num('CHECKOUT_STOCK', 1000000);
export const DURATION = env('DURATION', '5m');
export const SOAK_DURATION = env('SOAK_DURATION', '2h');
export const STRESS_MAX_RATE = num('STRESS_MAX_RATE', 2000);
export const SPIKE_FACTOR = num('SPIKE_FACTOR', 10);
export const MAX_VUS = num('MAX_VUS', 500);

// VUs an arrival-rate scenario allocates before it starts: rate × the slowest iteration expected in the first
// seconds (cold JIT and caches; the health iteration's /metrics scrape), with a floor. k6 drops the iterations that
// find no free VU while it creates more, and dropped_iterations must stay 0: allocate for the cold start up front.
export const preAllocated = (rate, slowestSeconds, floor) => Math.max(floor, Math.ceil(rate * slowestSeconds));

// p(99) targets in milliseconds, per journey.
export const P99_AUTH_MS = num('P99_AUTH_MS', 1000);
export const P99_BROWSE_MS = num('P99_BROWSE_MS', 250);
export const P99_HEALTH_MS = num('P99_HEALTH_MS', 100);
export const P99_CHECKOUT_MS = num('P99_CHECKOUT_MS', 500);
