package org.emodu.intervention.testing.openai;

import static org.emodu.intervention.testing.openai.FakeFineTuningApi.message;
import static org.emodu.intervention.testing.openai.FakeFineTuningApi.metrics;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.emodu.intervention.testing.openai.FakeFineTuningApi.Stage;

/**
 * The tests' fake as a local server, for trying the command line end to end without an account:
 * every job created goes validating, queued, running through twelve metrics steps and succeeds with
 * the shared fixture's metrics CSV as its result file. Not a benchmark and not run by the build.
 *
 * <pre>
 * java -cp "$(cat openai-testing/target/cp.txt):openai-testing/target/classes" \
 *     org.emodu.intervention.testing.openai.StandInServer 18090
 * OPENAI_API_KEY=sk-local OPENAI_BASE_URL=http://127.0.0.1:18090/v1 ./intervensi finetune ...
 * </pre>
 */
final class StandInServer {

  private StandInServer() {}

  public static void main(String[] args) throws Exception {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 18090;
    // The tests' fixed instant: the fake stamps created_at from it, one second more per event.
    Clock clock = Clock.fixed(Instant.parse("2024-11-27T09:30:00Z"), ZoneOffset.UTC);
    FakeFineTuningApi server = new FakeFineTuningApi(clock, port);
    server.content("file-Resu1tMetr1csCsv000", Fixtures.bytes(Fixtures.RESULT_METRICS));
    server.nextJobScript(
        Stage.of("validating_files", message("Validating training file")),
        Stage.of("queued", message("Files validated, moving job to queued state")),
        Stage.of("running", message("Fine-tuning job started"), metrics(1, 384, 2.63), metrics(32, 384, 1.78)),
        Stage.of("running", metrics(64, 384, 1.14), metrics(96, 384, 0.82), metrics(128, 384, 0.72)),
        Stage.of("running", metrics(160, 384, 0.48), metrics(192, 384, 0.55), metrics(224, 384, 0.49)),
        Stage.of("running", metrics(256, 384, 0.50), metrics(288, 384, 0.46), metrics(320, 384, 0.48)),
        Stage.of("running", metrics(352, 384, 0.39), metrics(384, 384, 0.42)),
        Stage.succeeded("file-Resu1tMetr1csCsv000", message("New fine-tuned model created"),
            message("The job has successfully completed")));
    System.out.println("OpenAI files and fine-tuning stand-in on " + server.baseUrl() + " (Ctrl-C stops it)");
    Thread.currentThread().join();
  }
}
