package io.olympus.commerce.event;

import java.util.UUID;

/**
 * Told, after the transaction that made a change has committed, which tenant changed what: the event type
 * ({@code product.updated}, {@code inventory.updated}, ...) or, for a change without events, its audit action
 * ({@code category.created}, {@code price_list.created}, ...). A rolled-back change tells nothing. Slices register
 * theirs in {@code CommerceComponents}; they run on the committing connection's context and must not block.
 */
@FunctionalInterface
public interface AfterCommitListener {

  void committed(UUID tenantId, String change);
}
