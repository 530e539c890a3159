package org.emodu.intervention.testing.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.NotFoundException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fake answers the real SDK as the API would, and does what its tests script. */
class FakeFineTuningApiTest {

  private static final String JOB = "ftjob-Fq3wErTyUiOpAsDfGhJkL";

  @TempDir
  Path directory;

  private FakeFineTuningApi server;
  private OpenAIClient sdk;

  @BeforeEach
  void start() {
    server = new FakeFineTuningApi(Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC));
    sdk = OpenAIOkHttpClient.builder().apiKey(FakeFineTuningApi.API_KEY).baseUrl(server.baseUrl()).maxRetries(0).build();
  }

  @AfterEach
  void stop() throws IOException {
    sdk.close();
    server.close();
  }

  @Test
  void createdJobsTakeTheNamedIdsFirstThenNumberedOnes() throws IOException {
    Path training = Files.writeString(directory.resolve("train.jsonl"), "{\"messages\": []}\n", StandardCharsets.UTF_8);
    String file = sdk.files().create(FileCreateParams.builder().file(training).purpose(FilePurpose.FINE_TUNE).build()).id();
    server.createdJobIds(JOB);

    JobCreateParams params = JobCreateParams.builder().model("gpt-3.5-turbo-0125").trainingFile(file).build();
    FineTuningJob named = sdk.fineTuning().jobs().create(params);
    FineTuningJob numbered = sdk.fineTuning().jobs().create(params);

    assertThat(named.id()).isEqualTo(JOB);
    assertThat(named.status()).isEqualTo(FineTuningJob.Status.QUEUED);
    assertThat(numbered.id()).isEqualTo("ftjob-Created1");
    assertThat(server.jobCreations()).isEqualTo(2);
  }

  @Test
  void aScriptedJobShowsOneStageMorePerStatusRequestThenStaysAtTheLast() {
    server.addJob(JOB, Stage.of("queued", FakeFineTuningApi.fixtureEvents()), Stage.of("running"), Stage.of("succeeded"));

    List<String> statuses = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      statuses.add(sdk.fineTuning().jobs().retrieve(JOB).status().asString());
    }

    assertThat(statuses).containsExactly("queued", "running", "succeeded", "succeeded");
    assertThat(sdk.fineTuning().jobs().retrieve(JOB).fineTunedModel())
        .contains("ft:gpt-3.5-turbo-0125:example-org:intervensi:AbC123dE");
  }

  @Test
  void theFixturesEventsAreServedNewestFirstAsInTheFixture() {
    server.addJob(JOB, Stage.of("succeeded", FakeFineTuningApi.fixtureEvents()));

    List<String> messages = sdk.fineTuning().jobs().listEvents(JOB).data().stream().map(FineTuningJobEvent::message).toList();

    List<String> fixture = new ArrayList<>();
    Fixtures.tree(Fixtures.JOB_EVENTS).path("data").forEach(event -> fixture.add(event.path("message").asText()));
    assertThat(messages).hasSize(5).containsExactlyElementsOf(fixture);
  }

  @Test
  void withoutFileListingTheServerAnswersNotFoundLikeSomeCompatibleServers() {
    server.listsFiles(false);

    Throwable thrown = catchThrowable(() -> sdk.files().list());

    assertThat(thrown).isInstanceOf(NotFoundException.class);
    assertThat(server.count("GET", "/v1/files")).isOne();
  }
}
