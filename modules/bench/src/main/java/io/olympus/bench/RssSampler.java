package io.olympus.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples a process's resident set size (VmRSS from {@code /proc/<pid>/status}, Linux) four times a second on a
 * daemon thread: the current value, the peak since the last {@link #resetPeak()} and the peak of the whole run.
 * On a system without {@code /proc} every figure is 0 and the report says so.
 */
final class RssSampler implements AutoCloseable {

  private final Path status;
  private final AtomicLong currentKb = new AtomicLong();
  private final AtomicLong peakKb = new AtomicLong();
  private final AtomicLong runPeakKb = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  RssSampler(long pid) {
    this.status = Path.of("/proc", Long.toString(pid), "status");
    this.thread = new Thread(this::loop, "rss-sampler-" + pid);
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      long kb = read();
      if (kb > 0) {
        currentKb.set(kb);
        peakKb.accumulateAndGet(kb, Math::max);
        runPeakKb.accumulateAndGet(kb, Math::max);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private long read() {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }

  long currentMb() {
    long kb = read();
    return (kb > 0 ? kb : currentKb.get()) / 1024;
  }

  void resetPeak() {
    peakKb.set(currentKb.get());
  }

  long peakMb() {
    return peakKb.get() / 1024;
  }

  long runPeakMb() {
    return runPeakKb.get() / 1024;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
