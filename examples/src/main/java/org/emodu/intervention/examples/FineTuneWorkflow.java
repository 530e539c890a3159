package org.emodu.intervention.examples;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.openai.OpenAiConnection;
import org.emodu.intervention.finetune.CreatedJob;
import org.emodu.intervention.finetune.DuplicateJobException;
import org.emodu.intervention.finetune.FileReference;
import org.emodu.intervention.finetune.FineTuneClient;
import org.emodu.intervention.finetune.FollowListener;
import org.emodu.intervention.finetune.JobEvent;
import org.emodu.intervention.finetune.JobManifest;
import org.emodu.intervention.finetune.JobRequest;
import org.emodu.intervention.finetune.JobSnapshot;
import org.emodu.intervention.finetune.JobStatus;
import org.emodu.intervention.finetune.MetricsReport;
import org.emodu.intervention.finetune.TrainingFileChecks;
import org.emodu.intervention.finetune.Upload;

/**
 * The whole fine-tuning path through the library: upload a training file, create a supervised job,
 * follow it to the end and read back its training metrics, against whatever {@code OPENAI_BASE_URL}
 * points to (OpenAI by default). Run it again after an interruption and it picks up where it
 * stopped: the manifest knows the upload and the job, so nothing is paid for twice.
 *
 * <pre>
 * # data/train.jsonl as written by: intervensi dataset build
 * java -cp "examples/target/classes:cli/target/intervensi.jar:cli/target/lib/*" \
 *     org.emodu.intervention.examples.FineTuneWorkflow data/train.jsonl [data/valid.jsonl]
 * </pre>
 */
public final class FineTuneWorkflow {

  private FineTuneWorkflow() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
    if (args.length < 1 || args.length > 2) {
      err.println("usage: FineTuneWorkflow TRAINING.jsonl [VALIDATION.jsonl]");
      err.println("  the training file is what `intervensi dataset build` writes");
      System.exit(2);
    }
    try {
      System.exit(run(Path.of(args[0]), args.length == 2 ? Path.of(args[1]) : null, out, err));
    } catch (RuntimeException e) {
      err.println("FineTuneWorkflow: " + e.getMessage());
      System.exit(1);
    }
  }

  static int run(Path training, Path validation, PrintWriter out, PrintWriter err) {
    Settings settings = Settings.load();
    try (FineTuneClient client = FineTuneClient.builder(OpenAiConnection.fromSettings(settings))
        .manifest(JobManifest.locate(Optional.empty(), settings))
        .trainingFileCheck(TrainingFileChecks.standard())
        .build()) {

      // 1. Upload: checked locally first; the same content is never sent twice.
      Upload upload = client.upload(training);
      err.println("1. " + upload.describe());

      // 2. Create a supervised job on the seed study's model; a path for validation is uploaded too.
      JobRequest.Builder request = JobRequest.builder(FileReference.ofId(upload.fileId())).suffix("intervensi");
      if (validation != null) {
        request.validationFile(FileReference.ofPath(validation));
      }
      String jobId;
      try {
        CreatedJob created = client.create(request.build());
        jobId = created.job().id();
        err.println("2. " + (created.recovered() ? "found " : "created ") + jobId);
      } catch (DuplicateJobException e) {
        // An earlier run created this very job: follow it instead of paying for another.
        jobId = e.existing().jobId();
        err.println("2. resuming " + jobId + ", created by an earlier run");
      }

      // 3. Follow it to the end: events on stdout, steps on stderr (the command line draws them as a bar).
      JobSnapshot job = client.follow(jobId, new FollowListener() {
        @Override
        public void event(JobEvent event) {
          out.println(event.createdAt() + " " + event.level() + " " + event.message());
          out.flush();
        }

        @Override
        public void progress(long step, long totalSteps) {
          err.println("   step " + step + "/" + totalSteps);
          err.flush();
        }
      });
      if (job.status() != JobStatus.SUCCEEDED) {
        err.println("3. " + jobId + " ended " + job.statusLabel() + job.error().map(error -> ": " + error.describe()).orElse(""));
        return 1;
      }
      err.println("3. " + jobId + " succeeded");

      // 4. Read back the training curve for the evaluation's loss chart.
      Path results = Path.of("results", "finetune");
      if (Files.exists(results.resolve(jobId + "-metrics.csv"))) {
        err.println("4. the training metrics are already in " + results + " (outputs are never overwritten)");
      } else {
        MetricsReport metrics = client.metrics(jobId, results, false);
        err.println("4. " + metrics.rows().size() + " steps of training metrics in " + metrics.tidyFile()
            + metrics.lastTraining().map(row -> "; final training loss " + row.trainLoss().orElseThrow()).orElse(""));
      }

      out.println(Settings.OPENAI_FINE_TUNED_MODEL + "=" + job.fineTunedModel().orElseThrow());
      return 0;
    }
  }
}
