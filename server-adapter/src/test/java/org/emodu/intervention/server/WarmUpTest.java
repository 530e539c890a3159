package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.SocketPolicy;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.generation.ExemplarGenerator;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Before it says it is ready, a server with a model runs the paths of late answers (the deadline,
 * the fallback, the 504, the cancel of the late call) on the threads that will run them, without
 * asking the model and without a trace in what clients see.
 */
class WarmUpTest {

  private static final int EACH_PATH = WarmUp.WAVES * WarmUp.WAVE / 2;

  private MockWebServer model;

  @BeforeEach
  void startModel() throws Exception {
    model = new MockWebServer();
    model.start();
  }

  @AfterEach
  void stopModel() throws Exception {
    model.shutdown();
  }

  private TestServer server(String... settings) {
    return TestServer.start(TestServer.modelSettings(model.url("/v1").toString(), settings), Profile.BASE);
  }

  @Test
  void aServerWithAModelIsReadyOnlyOnceTheLatePathsHaveRun() {
    try (TestServer server = server()) {
      assertThat(server.server.ready()).isTrue();
      WarmUp.Report report = server.server.warmUp();

      assertThat(report.fallbacks()).as("fallbacks answered at a deadline").isEqualTo(EACH_PATH);
      assertThat(report.timeouts()).as("504s answered at a deadline").isEqualTo(EACH_PATH);
      assertThat(report.cancelledCalls()).as("model calls cancelled before they were sent")
          .isEqualTo(WarmUp.MODEL_WAVES * WarmUp.WAVE);
      assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
          .anyMatch(name -> name.startsWith(Pipeline.LATE_ANSWER_THREAD))
          .contains("intervensi-cancel", "intervensi-deadlines");
    }
  }

  @Test
  void theWarmUpNeverAsksTheModelAndLeavesNoTraceInTheMetrics() {
    try (TestServer server = server(Settings.FALLBACK, "off")) {
      assertThat(server.server.warmUp().timeouts()).isEqualTo(EACH_PATH);

      String metrics = server.get("/metrics").body();

      assertThat(model.getRequestCount()).isZero();
      assertThat(metrics).doesNotContain("intervensi_model_calls_total{", "intervensi_interventions_total{",
          "route=\"/openai\"");
    }
  }

  @Test
  void theServersRepeatableOfflineChoicesAreThoseOfItsSeedAlone() {
    model.enqueue(new MockResponse().setSocketPolicy(SocketPolicy.NO_RESPONSE));
    InterventionRequest request = InterventionRequest.builder().username("Budi").emotion("bosan")
        .reinforcement("positive").arcs("attention").classname("XII-IPA-1").subject("Fisika").build();
    String seedsFirstChoice = new ExemplarGenerator(ExemplarCorpus.builtIn(), OutputPolicy.standard(), 7)
        .generate(request).text();

    try (TestServer server = server(Settings.DEADLINE_MS, "200")) {
      HttpResponse<String> response = server.get("/openai?" + TestServer.SEED_QUERY);

      assertThat(response.headers().firstValue("X-Intervensi-Fallback")).hasValue("true");
      assertThat(TestServer.json(response).path("response").asText()).isEqualTo(seedsFirstChoice);
    }
  }

  @Test
  void anOfflineServerHasNothingToWarm() {
    try (TestServer server = TestServer.offline(Map.of())) {
      assertThat(server.server.warmUp().fallbacks()).isZero();
      assertThat(server.server.warmUp().timeouts()).isZero();
    }
  }
}
