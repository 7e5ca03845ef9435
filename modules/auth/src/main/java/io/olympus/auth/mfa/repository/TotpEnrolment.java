package io.olympus.auth.mfa.repository;

/** A user's TOTP authenticator: the encrypted secret, whether it was confirmed, the last accepted time step. */
public record TotpEnrolment(byte[] secretEnc, boolean confirmed, long lastStep) {}
