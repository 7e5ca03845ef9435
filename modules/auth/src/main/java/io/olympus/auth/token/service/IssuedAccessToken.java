package io.olympus.auth.token.service;

import java.time.Instant;

/** A signed access token with its id, signing key and expiry. */
public record IssuedAccessToken(String token, String tokenId, String kid, Instant expiresAt) {}
