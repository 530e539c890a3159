package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.spi.FilterReply;
import org.junit.jupiter.api.Test;

class StartFailureLogFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final StartFailureLogFilter filter = new StartFailureLogFilter();

  @Test
  void dropsOnlyJavalinsCauselessStartFailureLine() {
    assertThat(filter.decide(null, context.getLogger("io.javalin.Javalin"), Level.ERROR, "Failed to start Javalin", null, null))
        .isEqualTo(FilterReply.DENY);
    assertThat(filter.decide(null, context.getLogger("io.javalin.Javalin"), Level.ERROR, "Exception occurred while servicing http-request", null, null))
        .isEqualTo(FilterReply.NEUTRAL);
    assertThat(filter.decide(null, context.getLogger("org.eclipse.jetty.server.Server"), Level.ERROR, "Failed to start Javalin", null, null))
        .isEqualTo(FilterReply.NEUTRAL);
  }
}
