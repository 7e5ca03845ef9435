// setup(): a tenant of its own (sign-up) or the given credentials, a few products, and which journeys
// the running build offers. A journey whose endpoint answers 404/405/501 is reported "not available"
// and skipped; it never fails the run.
import { fail } from 'k6';
import * as api from './api.js';
import { TENANT_SLUG, EMAIL, PASSWORD, PLAN, SEED_PRODUCTS, CHECKOUT_LOCATION, CHECKOUT_STOCK } from './config.js';

export function setupRun() {
  const available = { signup: false, register: false, login: false, refresh: false, products: false, search: false, inventory: false, checkout: false };
  const reasons = {};
  let tenantSlug = TENANT_SLUG;
  let email = EMAIL;
  let accessToken = null;
  let refreshToken = null;

  if (!tenantSlug) {
    tenantSlug = `k6-${Date.now().toString(36)}`;
    email = `owner@${tenantSlug}.test`;
    const res = api.signUp({ slug: tenantSlug, name: `k6 ${tenantSlug}`, plan: PLAN,
      owner: { email, password: PASSWORD, display_name: 'k6 owner' } }, true);
    available.signup = res.status === 201;
    if (available.signup) {
      accessToken = res.json('access_token');
      refreshToken = res.json('refresh_token');
    } else {
      reasons.signup = `POST /api/v1/tenants answered ${res.status}`;
    }
  }

  const login = api.login(tenantSlug, email, PASSWORD, true);
  available.login = login.status === 200;
  if (available.login) {
    accessToken = accessToken || login.json('access_token');
    refreshToken = login.json('refresh_token');
  } else {
    reasons.login = `POST /api/v1/auth/login answered ${login.status}`;
  }
  if (refreshToken) {
    const res = api.refresh(refreshToken, true);
    available.refresh = res.status === 200;
    if (!available.refresh) {
      reasons.refresh = `POST /api/v1/auth/refresh answered ${res.status}`;
    }
  }
  const reg = api.register(tenantSlug, `probe-${Date.now()}@${tenantSlug}.test`, PASSWORD, 'k6 probe', true);
  available.register = reg.status === 201;
  if (!available.register) {
    reasons.register = `POST /api/v1/auth/register answered ${reg.status}`;
  }

  const productIds = [];
  const variantIds = [];
  if (accessToken) {
    for (let i = 0; i < SEED_PRODUCTS; i++) {
      const res = api.createProduct(accessToken, {
        title: `k6 widget ${i}`, status: 'active', description: 'seeded by the k6 setup', tags: ['k6'],
        variants: [{ sku: `K6-${tenantSlug}-${i}`, price: { amount: 1000 + i, currency: 'EUR' } }],
      }, true);
      if (res.status !== 201) {
        reasons.products = `POST /api/v1/products answered ${res.status}`;
        break;
      }
      productIds.push(res.json('id'));
      variantIds.push(res.json('variants.0.id'));
    }
    if (productIds.length > 0) {
      available.products = api.getProduct(accessToken, productIds[0], true).status === 200;
      available.search = api.listProducts(accessToken, { q: 'widget', limit: 20 }, true).status === 200;
      available.inventory = !api.missing(api.getInventory(accessToken, productIds[0], true));
      if (!available.search) reasons.search = 'GET /api/v1/products?q= did not answer 200';
      if (!available.inventory) reasons.inventory = 'GET /api/v1/inventory/{id} is missing';
      // checkout: stock every seeded variant at one location, then probe the cart endpoint
      for (const variantId of variantIds) {
        const stocked = api.adjustStock(accessToken, variantId, CHECKOUT_LOCATION, CHECKOUT_STOCK, true);
        if (stocked.status !== 200) {
          reasons.checkout = `POST /api/v1/inventory/adjustments answered ${stocked.status}`;
          break;
        }
      }
      if (!reasons.checkout) {
        const cart = api.createCart(accessToken, { currency: 'EUR' }, true);
        available.checkout = cart.status === 201;
        if (!available.checkout) reasons.checkout = `POST /api/v1/carts answered ${cart.status}`;
      }
    }
  } else {
    reasons.products = 'no access token (neither sign-up nor login worked)';
  }

  if (TENANT_SLUG) {
    available.signup = true; // not needed: the given tenant is used
  }
  for (const name of Object.keys(available)) {
    if (!available[name]) {
      console.warn(`not available: ${name} (${reasons[name] || 'not probed'})`);
    }
  }
  if (!available.login && !available.products) {
    console.warn('no journey is available on this build: only the health checks run');
  }
  if (accessToken === undefined) {
    fail('sign-up or login answered without an access_token');
  }
  return { tenantSlug, email, password: PASSWORD, accessToken, issuedAt: Date.now(), productIds, variantIds, available, reasons };
}

export function reportUnavailable(data) {
  for (const name of Object.keys(data.available)) {
    if (!data.available[name]) {
      console.warn(`not available in this run: ${name} (${data.reasons[name] || 'not probed'})`);
    }
  }
}
