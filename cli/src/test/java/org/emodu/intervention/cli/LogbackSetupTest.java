package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogbackSetupTest {

  @Test
  void theCommandLinesLoggingIsSetUpByItsOwnConfiguratorOnStderrAtErrorByDefault() {
    assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
    LoggerContext context = new LoggerContext();
    LogbackSetup setup = new LogbackSetup();
    setup.setContext(context);

    ExecutionStatus status = setup.configure(context);

    assertThat(status).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.getLevel()).isEqualTo(System.getenv(LogbackSetup.LEVEL) == null ? Level.ERROR : LogbackSetup.level());
    assertThat(root.getAppender("stderr")).isInstanceOfSatisfying(ConsoleAppender.class,
        appender -> assertThat(appender.getTarget()).isEqualTo("System.err"));
  }

  @Test
  void theLevelComesFromIntervensiLogLevelAndABadNameFallsBackToError() {
    String before = System.getProperty(LogbackSetup.LEVEL);
    try {
      System.setProperty(LogbackSetup.LEVEL, " debug ");
      assertThat(LogbackSetup.level()).isEqualTo(Level.DEBUG);
      System.setProperty(LogbackSetup.LEVEL, "loud");
      assertThat(LogbackSetup.level()).isEqualTo(Level.ERROR);
    } finally {
      if (before == null) {
        System.clearProperty(LogbackSetup.LEVEL);
      } else {
        System.setProperty(LogbackSetup.LEVEL, before);
      }
    }
  }

  @Test
  void aLineIsTheLevelTheLoggersShortNameAndTheMessageThenAnyStackTrace() {
    LoggerContext context = new LoggerContext();
    Logger logger = context.getLogger("org.eclipse.jetty.server.Server");
    LogbackSetup.Line line = new LogbackSetup.Line();
    line.setContext(context);

    String plain = line.doLayout(new LoggingEvent("fqcn", logger, Level.WARN, "port {} busy", null, new Object[] {8000}));
    String thrown = line.doLayout(new LoggingEvent("fqcn", logger, Level.ERROR, "failed", new IllegalStateException("boom"), null));

    assertThat(plain).isEqualTo("intervensi: WARN  Server: port 8000 busy" + System.lineSeparator());
    assertThat(thrown).startsWith("intervensi: ERROR Server: failed" + System.lineSeparator()
        + "java.lang.IllegalStateException: boom").contains("\tat ");
  }

  @Test
  void aConfigurationFileTheUserNamesWins() {
    LoggerContext context = new LoggerContext();
    LogbackSetup setup = new LogbackSetup();
    setup.setContext(context);
    System.setProperty("logback.configurationFile", "my-logback.xml");
    try {
      assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
      assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stderr")).isNull();
    } finally {
      System.clearProperty("logback.configurationFile");
    }
  }
}
