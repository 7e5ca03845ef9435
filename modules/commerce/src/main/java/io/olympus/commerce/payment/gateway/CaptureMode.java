package io.olympus.commerce.payment.gateway;

/** Whether an authorization is captured at once or later by an explicit capture. */
public enum CaptureMode {
  AUTOMATIC,
  MANUAL
}
