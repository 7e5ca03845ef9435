package io.olympus.common.security;

import java.security.PublicKey;

/** A trusted public key with the one algorithm it may verify ({@code ES256} or {@code RS256}). */
public record VerificationKey(String kid, String algorithm, PublicKey key) {}
