package org.emodu.intervention.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.nio.charset.StandardCharsets;

/**
 * The command line's logging: library logs on stderr (stdout carries results), at
 * {@code INTERVENSI_LOG_LEVEL} (a system property or the environment; {@code ERROR} by default),
 * so the command line speaks through its own messages unless asked for more.
 *
 * <p>Set up in code, found by Logback's {@code ServiceLoader}, instead of from a
 * {@code logback.xml}: reading the XML and building its pattern took a twelfth of the server's
 * start-up. A file that {@code logback.configurationFile} names still wins: this set-up then steps
 * aside for Logback's own.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class LogbackSetup extends ContextAwareBase implements Configurator {

  static final String LEVEL = "INTERVENSI_LOG_LEVEL";

  /** DJL's logger of its CUDA probe. */
  static final String CUDA_PROBE = "ai.djl.util.cuda.CudaUtils";

  /** Logback's own property naming a configuration file. */
  private static final String CONFIGURATION_FILE = "logback.configurationFile";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty(CONFIGURATION_FILE) != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
    encoder.setContext(context);
    encoder.setCharset(StandardCharsets.UTF_8);
    Line line = new Line();
    line.setContext(context);
    line.start();
    encoder.setLayout(line);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("stderr");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(level());
    root.addAppender(stderr);
    // A server that cannot start says why in our own message; Javalin's causeless line would come first.
    StartFailureLogFilter startFailure = new StartFailureLogFilter();
    startFailure.setContext(context);
    startFailure.start();
    context.addTurboFilter(startFailure);
    // DJL's tokenizer probes for CUDA to choose its native library and, on a machine with a CUDA
    // runtime but no usable GPU, warns "Failed to detect GPU count" at every probe. The toolkit runs
    // ONNX Runtime and the tokenizer on the CPU only, so that probe's result never matters here;
    // its errors still show.
    context.getLogger(CUDA_PROBE).setLevel(Level.ERROR);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * {@code intervensi: LEVEL logger: message}, then the stack trace of a throwable if any: what the
   * pattern {@code intervensi: %-5level %logger{0}: %msg%n} writes, without the pattern machinery.
   */
  static final class Line extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
      String logger = event.getLoggerName();
      StringBuilder line = new StringBuilder(128).append("intervensi: ");
      String level = event.getLevel().toString();
      line.append(level).append(" ".repeat(Math.max(0, 5 - level.length()))).append(' ')
          .append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ")
          .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
      }
      return line.toString();
    }
  }

  /** The level asked for, as Logback reads one: a name such as {@code WARN} or {@code debug}; else {@code ERROR}. */
  static Level level() {
    String value = System.getProperty(LEVEL, System.getenv(LEVEL));
    return Level.toLevel(value == null ? null : value.strip(), Level.ERROR);
  }
}
