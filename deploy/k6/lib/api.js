// Thin HTTP helpers over the Olympus API.
import http from 'k6/http';
import { AUTH_URL, PLATFORM_URL, COMMERCE_URL } from './config.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

// Probes in setup() may meet missing endpoints: those answers must not count as failed requests.
const PROBE = http.expectedStatuses({ min: 200, max: 299 }, 401, 403, 404, 405, 409, 422, 429, 501);

/** 404/405/501 (or no answer at all) mean the endpoint is not there yet. */
export function missing(res) {
  return res.status === 0 || res.status === 404 || res.status === 405 || res.status === 501;
}

function params(token, tags, probe) {
  const headers = Object.assign({}, JSON_HEADERS);
  if (token) {
    headers.Authorization = `Bearer ${token}`;
  }
  const p = { headers, tags: Object.assign({ kind: 'read' }, tags || {}) };
  if (probe) {
    p.responseCallback = PROBE;
  }
  return p;
}

export function signUp(tenant, probe) {
  return http.post(`${PLATFORM_URL}/api/v1/tenants`, JSON.stringify(tenant), params(null, { name: 'POST /tenants', kind: 'auth' }, probe));
}

export function register(tenantSlug, email, password, displayName, probe) {
  const body = { tenant_slug: tenantSlug, email, password, display_name: displayName };
  return http.post(`${AUTH_URL}/api/v1/auth/register`, JSON.stringify(body), params(null, { name: 'POST /auth/register', kind: 'auth' }, probe));
}

export function login(tenantSlug, email, password, probe, tags) {
  const body = { tenant_slug: tenantSlug, email, password };
  return http.post(`${AUTH_URL}/api/v1/auth/login`, JSON.stringify(body),
    params(null, Object.assign({ name: 'POST /auth/login', kind: 'auth' }, tags || {}), probe));
}

export function refresh(refreshToken, probe) {
  return http.post(`${AUTH_URL}/api/v1/auth/refresh`, JSON.stringify({ refresh_token: refreshToken }),
    params(null, { name: 'POST /auth/refresh', kind: 'auth' }, probe));
}

export function createProduct(token, product, probe) {
  return http.post(`${COMMERCE_URL}/api/v1/products`, JSON.stringify(product), params(token, { name: 'POST /products', kind: 'write' }, probe));
}

export function getProduct(token, id, probe) {
  return http.get(`${COMMERCE_URL}/api/v1/products/${id}`, params(token, { name: 'GET /products/{id}' }, probe));
}

export function listProducts(token, query, probe) {
  const qs = Object.keys(query).map((k) => `${k}=${encodeURIComponent(query[k])}`).join('&');
  return http.get(`${COMMERCE_URL}/api/v1/products?${qs}`, params(token, { name: query.q ? 'GET /products?q' : 'GET /products' }, probe));
}

export function getInventory(token, productId, probe) {
  return http.get(`${COMMERCE_URL}/api/v1/inventory/${productId}`, params(token, { name: 'GET /inventory/{id}' }, probe));
}

export function adjustStock(token, variantId, locationId, quantity, probe) {
  const body = { variant_id: variantId, location_id: locationId, reason: 'receive', quantity };
  return http.post(`${COMMERCE_URL}/api/v1/inventory/adjustments`, JSON.stringify(body),
    params(token, { name: 'POST /inventory/adjustments', kind: 'write' }, probe));
}

export function createCart(token, cart, probe) {
  return http.post(`${COMMERCE_URL}/api/v1/carts`, JSON.stringify(cart), params(token, { name: 'POST /carts', kind: 'write' }, probe));
}

export function addCartLines(token, cartId, lines) {
  return http.post(`${COMMERCE_URL}/api/v1/carts/${cartId}/lines`, JSON.stringify({ lines }),
    params(token, { name: 'POST /carts/{id}/lines', kind: 'write' }));
}

/** Checkout with an Idempotency-Key (required); 409 out-of-stock is an expected answer, not a failed request. */
export function checkout(token, cartId, key) {
  const p = params(token, { name: 'POST /carts/{id}/checkout', kind: 'write' });
  p.headers['Idempotency-Key'] = key;
  p.responseCallback = http.expectedStatuses(201, 409);
  return http.post(`${COMMERCE_URL}/api/v1/carts/${cartId}/checkout`, JSON.stringify({}), p);
}

export function pay(token, order, key) {
  const p = params(token, { name: 'POST /payments/process', kind: 'write' });
  p.headers['Idempotency-Key'] = key;
  p.responseCallback = http.expectedStatuses(201);
  return http.post(`${COMMERCE_URL}/api/v1/payments/process`, JSON.stringify({
    order_id: order.id, currency: order.currency, token: 'tok_sandbox_success',
  }), p);
}

export function getOrder(token, orderId) {
  return http.get(`${COMMERCE_URL}/api/v1/orders/${orderId}`, params(token, { name: 'GET /orders/{id}' }));
}

export function health(baseUrl, path) {
  return http.get(`${baseUrl}${path}`, { tags: { name: `GET ${path}`, kind: 'health' } });
}

// The Prometheus scrape of the management port: a text page of every meter, far slower than a readiness probe;
// its own kind, so the health p(99) threshold measures the probes (the scrape still has to answer 200).
export function metrics(baseUrl) {
  return http.get(`${baseUrl}/metrics`, { tags: { name: 'GET /metrics', kind: 'metrics' }, timeout: '10s' });
}

export const SERVICES = { auth: AUTH_URL, platform: PLATFORM_URL, commerce: COMMERCE_URL };
