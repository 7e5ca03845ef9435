package io.olympus.common.http;

import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.OpenAPIContract;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * vertx-openapi 5.0.8 asks the contract's schema repository for a new JSON-schema validator for every
 * parameter of every request, and building one copies maps — a JFR profile of an authenticated product
 * read put ~40 % of the CPU there. The contract's schemas never change, so this wraps the contract and
 * its repository to hand out one validator per schema (validators keep no per-call state).
 */
final class CachedValidators {

  private CachedValidators() {}

  static OpenAPIContract wrap(OpenAPIContract contract) {
    SchemaRepository repository = caching(contract.getSchemaRepository());
    return (OpenAPIContract) Proxy.newProxyInstance(OpenAPIContract.class.getClassLoader(),
        new Class<?>[] {OpenAPIContract.class},
        (proxy, method, args) -> method.getName().equals("getSchemaRepository") && method.getParameterCount() == 0
            ? repository
            : invoke(contract, method, args));
  }

  /** More distinct schemas than any contract has: past it, validators are built per call again (no growth). */
  static final int MAX_CACHED = 10_000;

  static SchemaRepository caching(SchemaRepository delegate) {
    Map<IdentityKey, Validator> bySchema = new ConcurrentHashMap<>();
    return (SchemaRepository) Proxy.newProxyInstance(SchemaRepository.class.getClassLoader(),
        new Class<?>[] {SchemaRepository.class},
        (proxy, method, args) -> {
          if (method.getName().equals("validator") && method.getParameterCount() == 1
              && args[0] instanceof JsonSchema schema) {
            // keyed by identity: the contract holds one JsonSchema instance per parameter and body
            IdentityKey key = new IdentityKey(schema);
            Validator cached = bySchema.get(key);
            if (cached != null) {
              return cached;
            }
            Validator created = delegate.validator(schema);
            if (bySchema.size() < MAX_CACHED) {
              bySchema.putIfAbsent(key, created);
            }
            return created;
          }
          return invoke(delegate, method, args);
        });
  }

  /** A schema compared by identity (its own equals/hashCode walk the whole JSON). */
  private record IdentityKey(JsonSchema schema) {

    @Override
    public boolean equals(Object other) {
      return other instanceof IdentityKey key && key.schema == schema;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(schema);
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
