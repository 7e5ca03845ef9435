package io.olympus.commerce.order.service;

import io.olympus.commerce.inventory.repository.InventoryRepository;
import io.olympus.commerce.inventory.model.StockLevel;
import io.olympus.commerce.order.model.LineRequest;
import io.olympus.commerce.order.model.OutOfStockException;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Chooses where an order's lines take their stock from. With a location asked for, every line is held there. Without
 * one: the location that has every line available (most available units in all; ties to the smaller id), else, line by
 * line, the location with the most available units that has enough. A line no location has enough of fails with
 * OutOfStockException. This is a plan read before holding: the hold itself is the guarded UPDATE of the inventory, so
 * a plan overtaken by another order still never oversells (the hold then fails out of stock).
 */
public final class StockPlanner {

  private final InventoryRepository stock;

  public StockPlanner(InventoryRepository stock) {
    this.stock = stock;
  }

  /** The location of each line's variant. */
  public Future<Map<UUID, UUID>> plan(SqlConnection conn, UUID tenantId, UUID locationId, List<LineRequest> lines) {
    if (locationId != null) {
      Map<UUID, UUID> all = new LinkedHashMap<>();
      lines.forEach(l -> all.put(l.variantId(), locationId));
      return Future.succeededFuture(all);
    }
    List<Future<List<StockLevel>>> levels = new ArrayList<>();
    for (LineRequest line : lines) {
      levels.add(stock.levels(conn, tenantId, line.variantId()));
    }
    return Future.all(levels).compose(loaded -> {
      Map<UUID, Map<UUID, Integer>> available = new HashMap<>();
      for (int i = 0; i < lines.size(); i++) {
        Map<UUID, Integer> byLocation = new HashMap<>();
        levels.get(i).result().forEach(l -> byLocation.put(l.locationId(), l.available()));
        available.put(lines.get(i).variantId(), byLocation);
      }
      return choose(lines, available);
    });
  }

  /** The plan for lines given each variant's available units by location (pure). */
  static Future<Map<UUID, UUID>> choose(List<LineRequest> lines, Map<UUID, Map<UUID, Integer>> available) {
    TreeMap<UUID, Long> covering = new TreeMap<>();
    boolean first = true;
    for (LineRequest line : lines) {
      Map<UUID, Integer> byLocation = available.getOrDefault(line.variantId(), Map.of());
      TreeMap<UUID, Long> next = new TreeMap<>();
      byLocation.forEach((location, units) -> {
        if (units >= line.quantity()) {
          next.put(location, (long) units);
        }
      });
      if (first) {
        covering = next;
        first = false;
      } else {
        TreeMap<UUID, Long> both = new TreeMap<>();
        for (Map.Entry<UUID, Long> e : covering.entrySet()) {
          if (next.containsKey(e.getKey())) {
            both.put(e.getKey(), e.getValue() + next.get(e.getKey()));
          }
        }
        covering = both;
      }
    }
    Map<UUID, UUID> plan = new LinkedHashMap<>();
    if (!covering.isEmpty()) {
      UUID best = null;
      long most = -1;
      for (Map.Entry<UUID, Long> e : covering.entrySet()) {
        if (e.getValue() > most) {
          best = e.getKey();
          most = e.getValue();
        }
      }
      UUID location = best;
      lines.forEach(l -> plan.put(l.variantId(), location));
      return Future.succeededFuture(plan);
    }
    List<String> short_ = new ArrayList<>();
    for (LineRequest line : lines) {
      UUID best = null;
      int most = -1;
      for (Map.Entry<UUID, Integer> e : new TreeMap<>(available.getOrDefault(line.variantId(), Map.of())).entrySet()) {
        if (e.getValue() >= line.quantity() && e.getValue() > most) {
          best = e.getKey();
          most = e.getValue();
        }
      }
      if (best == null) {
        short_.add(line.field() + " (variant " + line.variantId() + ", " + line.quantity() + " wanted)");
      } else {
        plan.put(line.variantId(), best);
      }
    }
    return short_.isEmpty() ? Future.succeededFuture(plan)
        : Future.failedFuture(new OutOfStockException("not enough stock for " + String.join(", ", short_)));
  }
}
