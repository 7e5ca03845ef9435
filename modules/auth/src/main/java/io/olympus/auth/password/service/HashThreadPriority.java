package io.olympus.auth.password.service;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the scheduling priority (Linux nice value) of the thread that calls it, once per thread. The
 * Argon2 workers call it before their first hash: during a login flood the kernel then gives the CPU to
 * the event loops first, and hashing runs on what is left, so cheap requests keep their latency while
 * logins slow down (and the admission limit answers 503 when their queue is full).
 *
 * <p>On Linux the nice value is a per-thread attribute and {@code setpriority(PRIO_PROCESS, 0, n)} sets the
 * calling thread's; raising it needs no privilege. Elsewhere (or when libc cannot be reached) this does
 * nothing and says so once in the log.
 */
final class HashThreadPriority {

  private static final Logger LOG = LoggerFactory.getLogger(HashThreadPriority.class);
  private static final int PRIO_PROCESS = 0;
  private static final ThreadLocal<Boolean> APPLIED = ThreadLocal.withInitial(() -> false);
  private static final CLib LIBC = load();

  private HashThreadPriority() {}

  /** Sets the calling thread's nice value to {@code nice} (1..19) unless done before on this thread; 0 does nothing. */
  static void lowerCurrentThread(int nice) {
    if (nice <= 0 || LIBC == null || APPLIED.get()) {
      return;
    }
    APPLIED.set(true);
    if (LIBC.setpriority(PRIO_PROCESS, 0, nice) != 0) {
      LOG.warn("Could not lower the priority of password-hashing thread {} (errno {})",
          Thread.currentThread().getName(), Native.getLastError());
    }
  }

  interface CLib extends Library {
    int setpriority(int which, int who, int prio);
  }

  private static CLib load() {
    if (!Platform.isLinux()) {
      LOG.info("Password-hashing threads keep the normal priority: thread nice values are a Linux feature");
      return null;
    }
    try {
      return Native.load(Platform.C_LIBRARY_NAME, CLib.class);
    } catch (UnsatisfiedLinkError | RuntimeException e) {
      LOG.warn("Password-hashing threads keep the normal priority: libc not reachable ({})", e.toString());
      return null;
    }
  }
}
