// The user journeys. Each one returns at once (counted in not_available) when setup() found its endpoint missing.
import { check } from 'k6';
import { Counter } from 'k6/metrics';
import * as api from './api.js';
import { METRICS_URL, PASSWORD } from './config.js';

export const notAvailable = new Counter('not_available');

const WORDS = ['widget', 'k6', 'widgt', 'seeded'];

// Per VU: its own session once the shared access token has expired (refresh tokens are never shared).
let ownSession = null;

function skip(journey) {
  notAvailable.add(1, { journey });
}

/** Sign-up (register) → login → refresh. */
export function authJourney(data) {
  if (!data.available.login) {
    skip('auth');
    return;
  }
  let email = data.email;
  if (data.available.register) {
    email = `u${__VU}-${__ITER}-${Date.now()}@${data.tenantSlug}.test`;
    const reg = api.register(data.tenantSlug, email, PASSWORD, `k6 user ${__VU}`);
    check(reg, { 'register: 201': (r) => r.status === 201 });
  }
  const login = api.login(data.tenantSlug, email, PASSWORD);
  const ok = check(login, {
    'login: 200': (r) => r.status === 200,
    'login: access_token': (r) => r.status === 200 && !!r.json('access_token'),
  });
  if (!ok || !data.available.refresh) {
    return;
  }
  const refreshed = api.refresh(login.json('refresh_token'));
  check(refreshed, {
    'refresh: 200': (r) => r.status === 200,
    'refresh: new refresh_token': (r) => r.status === 200 && r.json('refresh_token') !== login.json('refresh_token'),
  });
}

// Access tokens are short-lived: after TOKEN_RENEW_SECONDS each VU signs in (or refreshes) on its own.
const RENEW_MS = 1000 * Number(__ENV.TOKEN_RENEW_SECONDS || 600);

function token(data) {
  const since = ownSession ? ownSession.at : data.issuedAt;
  if (Date.now() - since > RENEW_MS) {
    renewSession(data);
  }
  return ownSession ? ownSession.access : data.accessToken;
}

function renewSession(data) {
  if (ownSession && data.available.refresh) {
    const res = api.refresh(ownSession.refresh);
    if (res.status === 200) {
      ownSession = { access: res.json('access_token'), refresh: res.json('refresh_token'), at: Date.now() };
      return;
    }
  }
  const res = api.login(data.tenantSlug, data.email, data.password, false, { kind: 'session' });
  ownSession = res.status === 200
    ? { access: res.json('access_token'), refresh: res.json('refresh_token'), at: Date.now() }
    : null;
}

/** Browse and search the catalog: list page, search, product detail, stock. */
export function browseJourney(data) {
  if (!data.available.products) {
    skip('browse');
    return;
  }
  const t = token(data);
  check(api.listProducts(t, { limit: 20 }), { 'list: 200': (r) => r.status === 200 });
  if (data.available.search) {
    const search = api.listProducts(t, { q: WORDS[__ITER % WORDS.length], limit: 20 });
    check(search, { 'search: 200': (r) => r.status === 200 });
  }
  const id = data.productIds[(__VU * 7 + __ITER) % data.productIds.length];
  const product = api.getProduct(t, id);
  check(product, {
    'product: 200': (r) => r.status === 200,
    'product: same id': (r) => r.status === 200 && r.json('id') === id,
  });
  if (data.available.inventory) {
    check(api.getInventory(t, id), { 'inventory: 200': (r) => r.status === 200 });
  }
}

/** /health/ready of every service; /metrics on the management port when METRICS_URL is set (never public). */
export function healthJourney() {
  for (const name of Object.keys(api.SERVICES)) {
    const base = api.SERVICES[name];
    check(api.health(base, '/health/ready'), { [`${name} ready: 200`]: (r) => r.status === 200 });
  }
  if (METRICS_URL) {
    check(api.metrics(METRICS_URL), { 'metrics: 200': (r) => r.status === 200 });
  }
}

/**
 * Checkout: browse (list page, product detail) → cart with one line → a second line → checkout with an
 * Idempotency-Key (201 order, or 409 out-of-stock when the stock ran out) → the order.
 */
export function checkoutJourney(data) {
  if (!data.available.checkout) {
    skip('checkout');
    return;
  }
  const t = token(data);
  check(api.listProducts(t, { limit: 20 }), { 'checkout list: 200': (r) => r.status === 200 });
  const i = (__VU * 7 + __ITER) % data.productIds.length;
  check(api.getProduct(t, data.productIds[i]), { 'checkout product: 200': (r) => r.status === 200 });
  const cart = api.createCart(t, { currency: 'EUR', lines: [{ variant_id: data.variantIds[i], quantity: 1 }] });
  if (!check(cart, { 'cart: 201': (r) => r.status === 201 })) {
    return;
  }
  const cartId = cart.json('id');
  const j = (i + 1) % data.variantIds.length;
  check(api.addCartLines(t, cartId, [{ variant_id: data.variantIds[j], quantity: 1 }]), { 'cart lines: 200': (r) => r.status === 200 });
  const order = api.checkout(t, cartId, `k6-${__VU}-${__ITER}-${Date.now()}`);
  check(order, {
    'checkout: 201 or out-of-stock': (r) => r.status === 201
      || (r.status === 409 && String(r.json('type')).endsWith(':out-of-stock')),
  });
  if (order.status === 201) {
    const paid = api.pay(t, { id: order.json('id'), currency: order.json('currency') }, `k6-pay-${__VU}-${__ITER}-${Date.now()}`);
    check(paid, { 'payment (sandbox): 201 captured': (r) => r.status === 201 && r.json('status') === 'captured' });
    check(api.getOrder(t, order.json('id')), {
      'order: 200': (r) => r.status === 200,
      'order: paid': (r) => paid.status !== 201 || r.json('payment_status') === 'paid',
    });
  }
}
