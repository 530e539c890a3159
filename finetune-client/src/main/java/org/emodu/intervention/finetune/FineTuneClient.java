package org.emodu.intervention.finetune;

import com.openai.client.OpenAIClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.openai.OpenAiConnection;

/**
 * Fine-tunes models through the OpenAI API (or any server that speaks it) without paying twice: it
 * checks training files locally before uploading them, uploads each content once, creates supervised
 * jobs, follows them to the end, and reads back checkpoints and training metrics. All calls go
 * through the official {@code openai-java} SDK client of an {@link OpenAiConnection}.
 *
 * <p>A {@link JobManifest} records every upload (by content hash) and job (by parameters), so a
 * repeated upload reuses the file id and a repeated create refuses to start an identical job unless
 * forced. Paid requests are marked in the manifest before they are sent; if a process dies while one
 * is in flight, or the answer is lost, the next identical request finds what the server did instead
 * of sending it again; an upload is adopted only by the content hash its name carries, and when that
 * cannot be proven it is sent anew and the {@link Upload} says so.
 *
 * <p>Requests are retried here, not by the SDK, up to {@link OpenAiConnection#maxRetries()} times:
 * reads after a 408, 409, 429 or 5xx answer or a lost connection; paid requests only when the server
 * said it did nothing (429) or after checking that it did not. A request that got no answer within
 * {@link OpenAiConnection#timeout()} is never sent again, so a failure after a timeout comes after that
 * one timeout and says so: a read is reported (and {@link #follow} asks again at its next poll), a paid
 * request is looked for on the server, adopted when it landed, and otherwise left recorded for the
 * next run to look for again.
 *
 * <p>Failures from the API are {@link ModelException}s, refusals {@link FineTuneException}s, files the
 * local check refuses {@link InvalidTrainingFileException}s. Not safe for concurrent use by several
 * threads; separate processes may share a manifest.
 */
public final class FineTuneClient implements AutoCloseable {

  /** The SDK client as the connection builds it; kept, and closed, because it owns the HTTP client. */
  private final OpenAIClient sdkClient;
  private final JobManifest manifest;
  private final Uploads uploads;
  private final Jobs jobs;
  private final JobFollower follower;
  private final JobResults results;

  private FineTuneClient(Builder builder) {
    this.sdkClient = builder.connection.newClient();
    // Every request is retried here rather than by the SDK, which would send a timed-out one again:
    // here a retry can first check whether paid work was done, and a timeout is never retried.
    OpenAIClient client = sdkClient.withOptions(options -> options.maxRetries(0));
    this.manifest = builder.manifest;
    ApiCalls calls = new ApiCalls(builder.connection, builder.pause, manifest.file());
    this.uploads = new Uploads(client, calls, manifest, builder.check, builder.clock, builder.processingTimeout);
    this.jobs = new Jobs(client, calls, manifest, uploads, builder.clock);
    this.follower = new JobFollower(client, calls, jobs, builder.clock, builder.pollPolicy, builder.pageSize);
    this.results = new JobResults(client, calls, jobs, builder.pageSize);
  }

  /** A client on {@code connection}; everything else has a default. */
  public static Builder builder(OpenAiConnection connection) {
    return new Builder(connection);
  }

  public JobManifest manifest() {
    return manifest;
  }

  /**
   * Uploads a training or validation file with purpose {@code fine-tune} and waits until the server
   * has processed it. The file is checked locally first; a file whose content the manifest already
   * knows is not sent again (its id is checked on the server and reused). The file goes up under its
   * name with a short hash of its content ({@code train.sha256-490338baa344ea17.jsonl}), so that an
   * upload whose answer was lost can be recognised on the server as this content and no other.
   *
   * @throws InvalidTrainingFileException listing the problems when the local check refuses the file
   * @throws ModelException when the server refuses or fails
   * @throws FineTuneException when the server has not processed the file within the time allowed
   */
  public Upload upload(Path file) {
    return uploads.upload(file);
  }

  /**
   * Creates a supervised fine-tuning job, uploading the training and validation files first when they
   * are paths. Refuses when the manifest holds a queued, running or succeeded job with the same
   * parameters, unless the request is forced; the recorded job's status is refreshed first, so a job
   * that has since failed does not stand in the way.
   *
   * @throws DuplicateJobException when an identical job exists and the request is not forced
   * @throws InvalidTrainingFileException when a file to upload fails the local check
   * @throws ModelException when the server refuses or fails
   */
  public CreatedJob create(JobRequest request) {
    return jobs.create(request);
  }

  /** The job as the server describes it now; the manifest's record of it is brought up to date. */
  public JobSnapshot status(String jobId) {
    return jobs.status(jobId);
  }

  /** The most recent jobs of the account, newest first, at most {@code limit} (1 to 1000). */
  public List<JobSnapshot> list(int limit) {
    return jobs.list(limit);
  }

  /**
   * Cancels a job that has not ended yet.
   *
   * @throws FineTuneException when the job has already ended
   */
  public JobSnapshot cancel(String jobId) {
    return jobs.cancel(jobId);
  }

  /** The job's checkpoints, by step. */
  public List<Checkpoint> checkpoints(String jobId) {
    return results.checkpoints(jobId);
  }

  /**
   * Follows a job until it ends: polls its status and events with backoff, hands each new event to
   * the listener once and oldest first (the API lists them newest first, in pages), reports training
   * progress from metrics events, and returns the job's final state. While the server cannot be
   * reached it keeps trying, with backoff, up to {@link PollPolicy#giveUpAfter()}.
   *
   * @throws FollowAbandonedException when the server stayed out of reach too long
   * @throws ModelException when the server refuses (an unknown job, a rejected key)
   */
  public JobSnapshot follow(String jobId, FollowListener listener) {
    return follower.follow(jobId, listener);
  }

  /**
   * Downloads a job's result files into {@code directory} (each as {@code <file id>.csv}) and writes
   * the tidy metrics CSV beside them as {@code <job id>-metrics.csv} (see {@link MetricsCsv}).
   *
   * @param replace whether existing files may be replaced; when false nothing is written if any exists
   * @throws FineTuneException when the job has no result files yet
   * @throws MetricsFormatException when a result file is not a metrics CSV
   * @throws org.emodu.intervention.core.tools.OutputExistsException when a file to write exists and {@code replace} is off
   */
  public MetricsReport metrics(String jobId, Path directory, boolean replace) {
    return results.metrics(jobId, directory, replace);
  }

  @Override
  public void close() {
    sdkClient.close();
  }

  /** Builds a {@link FineTuneClient}; only the connection is required. */
  public static final class Builder {
    private final OpenAiConnection connection;
    private JobManifest manifest = JobManifest.at(JobManifest.DEFAULT_PATH);
    private TrainingFileCheck check = TrainingFileChecks.standard();
    private Clock clock = Clock.systemUTC();
    private Pause pause = Pause.system();
    private PollPolicy pollPolicy = PollPolicy.STANDARD;
    private Duration processingTimeout = Duration.ofMinutes(10);
    private int pageSize = 100;

    private Builder(OpenAiConnection connection) {
      this.connection = Objects.requireNonNull(connection, "connection");
    }

    /** Where uploads and jobs are recorded; default {@link JobManifest#DEFAULT_PATH}. */
    public Builder manifest(JobManifest manifest) {
      this.manifest = Objects.requireNonNull(manifest, "manifest");
      return this;
    }

    /** The local check every file passes before upload; default {@link TrainingFileChecks#standard()}. */
    public Builder trainingFileCheck(TrainingFileCheck check) {
      this.check = Objects.requireNonNull(check, "check");
      return this;
    }

    /** The clock for records and time limits; tests pass one that {@link #pause} advances. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How to wait between polls and retries; default sleeping. */
    public Builder pause(Pause pause) {
      this.pause = Objects.requireNonNull(pause, "pause");
      return this;
    }

    public Builder pollPolicy(PollPolicy pollPolicy) {
      this.pollPolicy = Objects.requireNonNull(pollPolicy, "pollPolicy");
      return this;
    }

    /** How long to wait for the server to process an upload; default 10 minutes. */
    public Builder processingTimeout(Duration processingTimeout) {
      if (processingTimeout.isNegative() || processingTimeout.isZero()) {
        throw new IllegalArgumentException("the processing timeout must be positive, got " + processingTimeout);
      }
      this.processingTimeout = processingTimeout;
      return this;
    }

    /** How many events or checkpoints to ask for per page (1 to 100); default 100. */
    public Builder pageSize(int pageSize) {
      if (pageSize < 1 || pageSize > 100) {
        throw new IllegalArgumentException("the page size must be from 1 to 100, got " + pageSize);
      }
      this.pageSize = pageSize;
      return this;
    }

    public FineTuneClient build() {
      return new FineTuneClient(this);
    }
  }
}
