/** The platform's feature-flag contract for other services: {@link io.olympus.common.flag.Flags} ({@code platform.flags.evaluate}). */
package io.olympus.common.flag;
