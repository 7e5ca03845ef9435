package io.olympus.common.security;

import java.security.KeyPair;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A tiny measurement loop (not a JMH benchmark): verifier cost per call, uncached and cached. Reported, never asserted. */
public final class TokenVerifierBenchmark {

  private static final Logger LOG = LoggerFactory.getLogger(TokenVerifierBenchmark.class);

  private TokenVerifierBenchmark() {}

  public static void main(String[] args) {
    int uncachedRounds = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int cachedRounds = args.length > 1 ? Integer.parseInt(args[1]) : 2_000_000;
    boolean rsa = args.length < 3 || args[2].equals("RS256");
    KeyPair pair = rsa ? TestTokens.newRsaKeyPair() : TestTokens.newKeyPair();
    TokenVerifier verifier = new TokenVerifier(TokenVerifierOptions.of(TestTokens.ISSUER, TestTokens.AUDIENCE), SessionRevocations.NONE);
    verifier.updateKeys(TestTokens.jwks("bench", pair));
    String token = rsa
        ? TestTokens.rs256(TestTokens.header("bench"), TestTokens.claims(UUID.randomUUID(), Instant.now()), pair)
        : TestTokens.es256(TestTokens.header("bench"), TestTokens.claims(UUID.randomUUID(), Instant.now()), pair);

    long sink = 0;
    for (int i = 0; i < uncachedRounds / 4; i++) {
      sink += verifier.verifyUncached(token).roles().size();
    }
    long start = System.nanoTime();
    for (int i = 0; i < uncachedRounds; i++) {
      sink += verifier.verifyUncached(token).roles().size();
    }
    double uncachedNs = (System.nanoTime() - start) / (double) uncachedRounds;

    for (int i = 0; i < cachedRounds / 4; i++) {
      sink += verifier.verifyCached(token).roles().size();
    }
    start = System.nanoTime();
    for (int i = 0; i < cachedRounds; i++) {
      sink += verifier.verifyCached(token).roles().size();
    }
    double cachedNs = (System.nanoTime() - start) / (double) cachedRounds;

    LOG.info("{} token verification, one thread: uncached {} us/call ({} calls/s), cached {} us/call ({} calls/s) [sink {}]",
        rsa ? "RS256" : "ES256", String.format("%.1f", uncachedNs / 1000), Math.round(1e9 / uncachedNs),
        String.format("%.2f", cachedNs / 1000), Math.round(1e9 / cachedNs), sink);
  }
}
