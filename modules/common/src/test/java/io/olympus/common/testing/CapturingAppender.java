package io.olympus.common.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Captures the log lines of one logger, with the MDC as it was when each line was logged. */
public final class CapturingAppender extends AppenderBase<ILoggingEvent> {

  /** One captured line. */
  public record Line(String level, String message, Map<String, String> mdc, String thread) {}

  private final List<Line> lines = new CopyOnWriteArrayList<>();
  private final Logger logger;

  private CapturingAppender(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing what {@code loggerName} logs; {@link #detach()} it after the test. */
  public static CapturingAppender attach(String loggerName) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    CapturingAppender appender = new CapturingAppender(context.getLogger(loggerName));
    appender.setContext(context);
    appender.start();
    appender.logger.addAppender(appender);
    return appender;
  }

  @Override
  protected void append(ILoggingEvent event) {
    lines.add(new Line(event.getLevel().toString(), event.getFormattedMessage(), Map.copyOf(event.getMDCPropertyMap()),
        event.getThreadName()));
  }

  public List<Line> lines() {
    return List.copyOf(lines);
  }

  public void detach() {
    logger.detachAppender(this);
    stop();
  }
}
