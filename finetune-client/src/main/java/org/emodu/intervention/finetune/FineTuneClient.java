package org.emodu.intervention.finetune;

import org.emodu.intervention.core.OutputFiles;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.MultipartField;
import com.openai.core.http.HttpResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.NotFoundException;
import com.openai.errors.RateLimitException;
import com.openai.models.files.FileCreateParams;
import com.openai.models.files.FileListParams;
import com.openai.models.files.FileObject;
import com.openai.models.files.FilePurpose;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.FineTuningJobEvent;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListEventsPage;
import com.openai.models.finetuning.jobs.JobListEventsParams;
import com.openai.models.finetuning.jobs.JobListPage;
import com.openai.models.finetuning.jobs.JobListParams;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListPage;
import com.openai.models.finetuning.jobs.checkpoints.CheckpointListParams;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.OpenAiConnection;
import org.emodu.intervention.core.OpenAiErrors;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.io.UntrustedText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

  /** The metadata key under which a job carries the id of the request that created it. */
  static final String REQUEST_METADATA_KEY = "intervensi_request";
  static final String PURPOSE = "fine-tune";
  /** How far before a recorded start a recovered upload or job may have been stamped by the server's clock. */
  private static final Duration CLOCK_SLACK = Duration.ofMinutes(5);
  private static final Duration RETRY_AFTER_CAP = Duration.ofSeconds(60);
  private static final Duration PROCESSING_FIRST_WAIT = Duration.ofSeconds(1);
  private static final Duration PROCESSING_LONGEST_WAIT = Duration.ofSeconds(10);
  /** What a server without {@code GET /files} answers there: not found, method not allowed, not implemented. */
  private static final Set<Integer> FILES_NOT_LISTED = Set.of(404, 405, 501);
  private static final Logger log = LoggerFactory.getLogger(FineTuneClient.class);

  private final OpenAiConnection connection;
  /** The SDK client as the connection builds it; kept, and closed, because it owns the HTTP client. */
  private final OpenAIClient sdkClient;
  private final OpenAIClient client;
  private final JobManifest manifest;
  private final TrainingFileCheck check;
  private final Clock clock;
  private final Pause pause;
  private final PollPolicy pollPolicy;
  private final Duration processingTimeout;
  private final int pageSize;
  private final OpenAiErrors errors;

  private FineTuneClient(Builder builder) {
    this.connection = builder.connection;
    // Every request is retried here rather than by the SDK, which would send a timed-out one again:
    // here a retry can first check whether paid work was done, and a timeout is never retried.
    this.sdkClient = connection.newClient();
    this.client = sdkClient.withOptions(options -> options.maxRetries(0));
    this.manifest = builder.manifest;
    this.check = builder.check;
    this.clock = builder.clock;
    this.pause = builder.pause;
    this.pollPolicy = builder.pollPolicy;
    this.processingTimeout = builder.processingTimeout;
    this.pageSize = builder.pageSize;
    this.errors = new OpenAiErrors(connection);
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
    List<String> problems = check.problems(file);
    if (!problems.isEmpty()) {
      throw new InvalidTrainingFileException(file, problems);
    }
    String sha256 = Sha256.of(file);
    long bytes = size(file);
    String name = file.getFileName().toString();
    String uploadName = UploadName.of(name, sha256);
    Upload.Outcome outcome = Upload.Outcome.UPLOADED;

    Optional<UploadedFile> known = manifest.upload(sha256);
    if (known.isPresent()) {
      Optional<FileObject> remote = retrieveFile(known.get().fileId());
      if (remote.isPresent()) {
        log.info("{} already uploaded as {}", name, known.get().fileId());
        awaitProcessed(remote.get(), sha256, name);
        return new Upload(known.get().fileId(), file, sha256, bytes, Upload.Outcome.REUSED);
      }
      log.warn("{} was uploaded as {}, which the server no longer has; uploading again", name, known.get().fileId());
      manifest.update(content -> content.withoutFile(sha256));
      outcome = Upload.Outcome.REPLACED;
    }

    PendingUpload earlier = manifest.read().pendingUploads().get(sha256);
    if (earlier != null) {
      try {
        Optional<FileObject> landed = findUpload(earlier);
        if (landed.isPresent()) {
          recordUpload(sha256, landed.get().id(), name, bytes);
          awaitProcessed(landed.get(), sha256, name);
          return new Upload(landed.get().id(), file, sha256, bytes, Upload.Outcome.RECOVERED);
        }
        log.warn("an earlier upload of {} was cut off and no file on the server is provably it; uploading it anew", name);
        outcome = Upload.Outcome.RESENT;
      } catch (UnverifiableUploadException e) {
        log.warn("an earlier upload of {} was cut off and the server does not list its files; uploading it anew", name);
        outcome = Upload.Outcome.RESENT_UNCHECKED;
      }
    }

    PendingUpload pending = new PendingUpload(sha256, name, bytes, clock.instant(), Optional.of(uploadName));
    manifest.update(content -> content.withPendingUpload(pending));
    FileObject created;
    try {
      created = paid("upload " + name, () -> send(file, uploadName), () -> findUpload(pending),
          "; no file on the server is provably this upload yet, and it was not sent again: a file that took that"
              + " long to send once usually does again, and the server may still be taking it in. The attempt stays"
              + " recorded in " + manifest.file() + ": raise " + Settings.TIMEOUT_MS + " (the whole upload of " + bytes
              + " bytes must fit in it) and run the same command again; it looks for this upload first and sends the"
              + " file only if it did not arrive");
    } catch (ModelException e) {
      forgetIfRefused(e, content -> content.withoutPendingUpload(sha256));
      throw e;
    }
    recordUpload(sha256, created.id(), name, bytes);
    log.info("uploaded {} as {} ({})", name, created.id(), uploadName);
    awaitProcessed(created, sha256, name);
    return new Upload(created.id(), file, sha256, bytes, outcome);
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
    Optional<Upload> training = request.trainingFile().path().map(this::upload);
    Optional<Upload> validation = request.validationFile().flatMap(FileReference::path).map(this::upload);
    String trainingId = training.map(Upload::fileId).orElseGet(() -> request.trainingFile().fileId().orElseThrow());
    Optional<String> validationId = validation.map(Upload::fileId)
        .or(() -> request.validationFile().flatMap(FileReference::fileId));
    JobParameters parameters = new JobParameters(trainingId, validationId, request.model(), request.hyperparameters(),
        request.suffix(), request.seed());
    String fingerprint = parameters.fingerprint();

    PendingJob earlier = manifest.read().pendingJobs().get(fingerprint);
    if (earlier != null) {
      Optional<FineTuningJob> landed = findJob(earlier);
      if (landed.isPresent()) {
        JobSnapshot job = recordJob(landed.get(), fingerprint, parameters);
        log.info("job {} was created by an earlier run that stopped before recording it", job.id());
        return new CreatedJob(job, training, validation, true);
      }
      manifest.update(content -> content.withoutPendingJob(fingerprint));
    }

    if (!request.force()) {
      Optional<JobRecord> existing = blockingJob(fingerprint);
      if (existing.isPresent()) {
        throw new DuplicateJobException(existing.get());
      }
    }

    PendingJob pending = new PendingJob(UUID.randomUUID().toString(), fingerprint, parameters, clock.instant());
    manifest.update(content -> content.withPendingJob(pending));
    JobCreateParams params = createParams(parameters, pending.requestId());
    FineTuningJob created;
    try {
      created = paid("create the fine-tuning job", () -> client.fineTuning().jobs().create(params),
          () -> findJob(pending), "; the server lists no job from this request yet, and it was not sent again: the"
              + " server may still be creating the job, and a second request could start, and bill, a second one. The"
              + " request stays recorded in " + manifest.file() + ": run the same command again in a few minutes; it"
              + " adopts the job if the server created it and creates one only if not");
    } catch (ModelException e) {
      forgetIfRefused(e, content -> content.withoutPendingJob(fingerprint));
      throw e;
    }
    JobSnapshot job = recordJob(created, fingerprint, parameters);
    log.info("created job {} ({})", job.id(), parameters.describe());
    return new CreatedJob(job, training, validation, false);
  }

  /** The job as the server describes it now; the manifest's record of it is brought up to date. */
  public JobSnapshot status(String jobId) {
    JobSnapshot job = JobSnapshot.of(read("read job " + jobId, () -> client.fineTuning().jobs().retrieve(jobId)));
    remember(job);
    return job;
  }

  /** The most recent jobs of the account, newest first, at most {@code limit} (1 to 1000). */
  public List<JobSnapshot> list(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalArgumentException("--limit must be from 1 to 1000, got " + limit);
    }
    List<JobSnapshot> jobs = new ArrayList<>();
    JobListParams params = JobListParams.builder().limit(Math.min(limit, 100)).build();
    JobListPage page = read("list fine-tuning jobs", () -> client.fineTuning().jobs().list(params));
    while (true) {
      for (FineTuningJob job : page.data()) {
        if (jobs.size() < limit) {
          jobs.add(JobSnapshot.of(job));
        }
      }
      if (jobs.size() >= limit || page.data().isEmpty() || !page.hasMore().orElse(false)) {
        return List.copyOf(jobs);
      }
      JobListPage current = page;
      page = read("list fine-tuning jobs", current::nextPage);
    }
  }

  /**
   * Cancels a job that has not ended yet.
   *
   * @throws FineTuneException when the job has already ended
   */
  public JobSnapshot cancel(String jobId) {
    JobSnapshot before = status(jobId);
    if (before.status().terminal()) {
      throw new FineTuneException("job " + jobId + " has already " + pastTense(before.status()) + "; there is nothing to cancel");
    }
    JobSnapshot after = JobSnapshot.of(read("cancel job " + jobId, () -> client.fineTuning().jobs().cancel(jobId)));
    remember(after);
    return after;
  }

  /** The job's checkpoints, by step. */
  public List<Checkpoint> checkpoints(String jobId) {
    List<Checkpoint> checkpoints = new ArrayList<>();
    CheckpointListParams params = CheckpointListParams.builder().limit(pageSize).build();
    CheckpointListPage page = read("list the checkpoints of " + jobId,
        () -> client.fineTuning().jobs().checkpoints().list(jobId, params));
    while (true) {
      page.data().forEach(checkpoint -> checkpoints.add(Checkpoint.of(checkpoint)));
      if (page.data().isEmpty() || !page.hasMore().orElse(false)) {
        break;
      }
      CheckpointListPage current = page;
      page = read("list the checkpoints of " + jobId, current::nextPage);
    }
    checkpoints.sort(Comparator.comparingLong(Checkpoint::step));
    return List.copyOf(checkpoints);
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
    Set<String> seen = new HashSet<>();
    Duration wait = pollPolicy.initial();
    Instant lastAnswer = clock.instant();
    String lastStatus = null;
    while (true) {
      try {
        JobSnapshot job = status(jobId);
        if (!job.statusLabel().equals(lastStatus)) {
          listener.status(job);
          lastStatus = job.statusLabel();
        }
        List<JobEvent> fresh = newEvents(jobId, seen);
        for (JobEvent event : fresh) {
          listener.event(event);
          if (event.reportsProgress()) {
            listener.progress(event.step().orElseThrow(), event.totalSteps().orElseThrow());
          }
        }
        if (job.status().terminal()) {
          return job;
        }
        lastAnswer = clock.instant();
        wait = fresh.isEmpty() ? pollPolicy.next(wait) : pollPolicy.initial();
      } catch (ModelException e) {
        if (!e.isTransient()) {
          throw e;
        }
        Duration silent = Duration.between(lastAnswer, clock.instant());
        if (silent.compareTo(pollPolicy.giveUpAfter()) >= 0) {
          throw new FollowAbandonedException(jobId, silent, e.getMessage());
        }
        wait = pollPolicy.next(wait);
        listener.unreachable(e.getMessage(), wait);
      }
      sleep(wait);
    }
  }

  /**
   * Downloads a job's result files into {@code directory} (each as {@code <file id>.csv}) and writes
   * the tidy metrics CSV beside them as {@code <job id>-metrics.csv} (see {@link MetricsCsv}).
   *
   * @param replace whether existing files may be replaced; when false nothing is written if any exists
   * @throws FineTuneException when the job has no result files yet
   * @throws MetricsFormatException when a result file is not a metrics CSV
   */
  public MetricsReport metrics(String jobId, Path directory, boolean replace) {
    JobSnapshot job = status(jobId);
    if (job.resultFiles().isEmpty()) {
      throw new FineTuneException("job " + jobId + (job.status().terminal()
          ? " " + pastTense(job.status()) + " without result files"
          : " has no result files yet (it is " + job.statusLabel() + "); run this again once it has succeeded"));
    }
    Path tidyFile = directory.resolve(jobId + "-metrics.csv");
    List<Path> rawFiles = job.resultFiles().stream().map(id -> directory.resolve(id + ".csv")).toList();
    if (!replace) {
      for (Path target : concat(rawFiles, tidyFile)) {
        if (Files.exists(target)) {
          throw new UncheckedIOException("already exists: " + target + " (use --force to replace it)",
              new FileAlreadyExistsException(target.toString()));
        }
      }
    }
    List<List<MetricsRow>> parsed = new ArrayList<>();
    for (int i = 0; i < rawFiles.size(); i++) {
      String fileId = job.resultFiles().get(i);
      String source = "result file " + fileId;
      byte[] csv = MetricsCsv.csv(source, download(fileId, source));
      parsed.add(MetricsCsv.parse(source, csv));
      OutputFiles.write(rawFiles.get(i), replace, csv);
    }
    List<MetricsRow> rows = MetricsCsv.merge(parsed);
    OutputFiles.write(tidyFile, replace, MetricsCsv.tidy(jobId, rows).getBytes(StandardCharsets.UTF_8));
    return new MetricsReport(jobId, rawFiles, tidyFile, rows);
  }

  @Override
  public void close() {
    sdkClient.close();
  }

  // ---- uploads

  private Optional<FileObject> retrieveFile(String fileId) {
    String action = "check the uploaded file " + fileId;
    try {
      return Optional.of(unpaid(action, () -> client.files().retrieve(fileId)));
    } catch (NotFoundException e) {
      return Optional.empty();
    } catch (OpenAIException e) {
      throw failure(e, action, 0);
    }
  }

  /** Sends the file under {@code uploadName}, from a stream opened for this attempt (the one before used its stream up). */
  private FileObject send(Path file, String uploadName) {
    try (InputStream content = Files.newInputStream(file)) {
      return client.files().create(FileCreateParams.builder()
          .file(MultipartField.<InputStream>builder().value(content).filename(uploadName).build())
          .purpose(FilePurpose.FINE_TUNE)
          .build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * An upload that reached the server although its answer did not reach us. Only a file whose content is
   * provably this one is taken: it has the name the attempt was sent under, which carries the content's
   * hash ({@link UploadName}), the same size, a creation time since the attempt began, and no record in
   * the manifest. A file that merely shares the name and size may be anyone's, so an attempt sent under
   * the bare name (by an earlier version) is never matched.
   *
   * @throws UnverifiableUploadException when the server does not list files, so there is no way to tell
   */
  private Optional<FileObject> findUpload(PendingUpload pending) {
    String expected = UploadName.of(pending.fileName(), pending.sha256());
    if (!pending.uploadName().map(expected::equals).orElse(false)) {
      return Optional.empty();
    }
    Set<String> recorded = new HashSet<>();
    manifest.read().files().values().forEach(file -> recorded.add(file.fileId()));
    FileListParams params = FileListParams.builder()
        .purpose(PURPOSE)
        .order(FileListParams.Order.DESC)
        .limit(100L)
        .build();
    Instant notBefore = pending.startedAt().minus(CLOCK_SLACK);
    String action = "look for an earlier upload of " + pending.fileName();
    List<FileObject> files;
    try {
      files = unpaid(action, () -> client.files().list(params)).data();
    } catch (OpenAIServiceException e) {
      if (FILES_NOT_LISTED.contains(e.statusCode())) {
        throw new UnverifiableUploadException(connection.host() + " does not list uploaded files (GET /files answered HTTP "
            + e.statusCode() + "), so whether it arrived cannot be checked; the attempt stays recorded in " + manifest.file()
            + ", and running the same command again uploads " + pending.fileName() + " anew (if this attempt did arrive,"
            + " the server keeps it as a spare copy named " + expected + " that you may delete)");
      }
      throw failure(e, action, 0);
    } catch (OpenAIException e) {
      throw failure(e, action, 0);
    }
    return files.stream()
        .filter(file -> !recorded.contains(file.id()))
        .filter(file -> file.filename().equals(expected) && file.bytes() == pending.bytes())
        .filter(file -> !Instant.ofEpochSecond(file.createdAt()).isBefore(notBefore))
        .findFirst();
  }

  private void recordUpload(String sha256, String fileId, String name, long bytes) {
    manifest.update(content -> content.withFile(new UploadedFile(sha256, fileId, name, bytes, clock.instant())));
  }

  // The API now marks a file's status deprecated (its files are processed at once), but compatible
  // servers and Azure still report uploads in progress, and a file must be processed before a job uses it.
  @SuppressWarnings("deprecation")
  private void awaitProcessed(FileObject uploaded, String sha256, String name) {
    Instant deadline = clock.instant().plus(processingTimeout);
    Duration wait = PROCESSING_FIRST_WAIT;
    FileObject file = uploaded;
    while (true) {
      String status = file._status().asKnown().map(FileObject.Status::asString).orElse("processed");
      if (status.equals("processed")) {
        return;
      }
      if (status.equals("error")) {
        // The server will never accept this upload; forget it so a corrected file is sent afresh.
        manifest.update(content -> content.withoutFile(sha256));
        throw new ModelException(ModelException.Kind.BAD_REQUEST, 0, connection.host() + " could not process "
            + name + " (" + UntrustedText.printable(file.id(), 60) + "): "
            + file.statusDetails().map(details -> UntrustedText.printable(details, 400)).orElse("no details given"), null);
      }
      if (!clock.instant().isBefore(deadline)) {
        throw new FineTuneException(name + " was uploaded as " + file.id() + " but the server has not processed"
            + " it after " + Durations.words(processingTimeout) + "; run the same command later to go on without"
            + " uploading it again");
      }
      sleep(wait);
      wait = wait.multipliedBy(2).compareTo(PROCESSING_LONGEST_WAIT) > 0 ? PROCESSING_LONGEST_WAIT : wait.multipliedBy(2);
      String fileId = file.id();
      file = read("check the processing of " + fileId, () -> client.files().retrieve(fileId));
    }
  }

  /** A result file's bytes, at most {@link MetricsCsv#MAX_BYTES}: a server cannot make this hold more. */
  private byte[] download(String fileId, String source) {
    return read("download the result file " + fileId, () -> {
      try (HttpResponse response = client.files().content(fileId); InputStream body = response.body()) {
        byte[] bytes = body.readNBytes(MetricsCsv.MAX_BYTES + 1);
        if (bytes.length > MetricsCsv.MAX_BYTES) {
          throw MetricsCsv.tooLarge(source);
        }
        return bytes;
      } catch (IOException e) {
        throw new OpenAIIoException("reading the result file failed", e);
      }
    });
  }

  // ---- jobs

  private static JobCreateParams createParams(JobParameters parameters, String requestId) {
    SupervisedHyperparameters.Builder hyperparameters = SupervisedHyperparameters.builder();
    Hyperparameters chosen = parameters.hyperparameters();
    if (chosen.epochs().isPresent()) {
      hyperparameters.nEpochs(chosen.epochs().get());
    } else {
      hyperparameters.nEpochsAuto();
    }
    if (chosen.batchSize().isPresent()) {
      hyperparameters.batchSize(chosen.batchSize().get());
    } else {
      hyperparameters.batchSizeAuto();
    }
    if (chosen.learningRateMultiplier().isPresent()) {
      hyperparameters.learningRateMultiplier(chosen.learningRateMultiplier().get());
    } else {
      hyperparameters.learningRateMultiplierAuto();
    }
    JobCreateParams.Builder params = JobCreateParams.builder()
        .model(parameters.model())
        .trainingFile(parameters.trainingFileId())
        .method(JobCreateParams.Method.builder()
            .type(JobCreateParams.Method.Type.SUPERVISED)
            .supervised(SupervisedMethod.builder().hyperparameters(hyperparameters.build()).build())
            .build())
        .metadata(JobCreateParams.Metadata.builder()
            .putAdditionalProperty(REQUEST_METADATA_KEY, JsonValue.from(requestId))
            .build());
    parameters.validationFileId().ifPresent(params::validationFile);
    parameters.suffix().ifPresent(params::suffix);
    parameters.seed().ifPresent(params::seed);
    return params.build();
  }

  /** A job that the server created although its answer did not reach us. */
  private Optional<FineTuningJob> findJob(PendingJob pending) {
    Set<String> recorded = manifest.read().jobs().keySet();
    Instant notBefore = pending.startedAt().minus(CLOCK_SLACK);
    JobParameters parameters = pending.parameters();
    JobListParams params = JobListParams.builder().limit(100L).build();
    List<FineTuningJob> jobs = read("look for a job created by an earlier run", () -> client.fineTuning().jobs().list(params)).data();
    for (FineTuningJob job : jobs) {
      JobSnapshot snapshot = JobSnapshot.of(job);
      String marker = snapshot.metadata().get(REQUEST_METADATA_KEY);
      if (marker != null) {
        if (marker.equals(pending.requestId())) {
          return Optional.of(job);
        }
        continue;
      }
      // Servers that drop metadata: the same files and model, created since the attempt began.
      boolean same = !recorded.contains(job.id())
          && snapshot.trainingFile().equals(parameters.trainingFileId())
          && snapshot.validationFile().equals(parameters.validationFileId())
          && snapshot.model().equals(parameters.model())
          && !snapshot.createdAt().isBefore(notBefore);
      if (same) {
        return Optional.of(job);
      }
    }
    return Optional.empty();
  }

  private JobSnapshot recordJob(FineTuningJob created, String fingerprint, JobParameters parameters) {
    JobSnapshot job = JobSnapshot.of(created);
    Instant now = clock.instant();
    manifest.update(content -> content.withJob(
        new JobRecord(job.id(), fingerprint, parameters, job.statusLabel(), job.fineTunedModel(), now, now)));
    return job;
  }

  /** The newest recorded job with these parameters that is still queued, running or succeeded, as of now. */
  private Optional<JobRecord> blockingJob(String fingerprint) {
    List<JobRecord> candidates = manifest.read().jobs().values().stream()
        .filter(job -> job.fingerprint().equals(fingerprint) && job.blocksDuplicates())
        .sorted(Comparator.comparing(JobRecord::createdAt).reversed())
        .toList();
    for (JobRecord candidate : candidates) {
      JobSnapshot now;
      try {
        now = status(candidate.jobId());
      } catch (ModelException e) {
        if (e.status() == 404) {
          // The server no longer has the job (another project's key, or it was deleted): it cannot be reused.
          log.warn("recorded job {} is unknown to the server; not treating it as a duplicate", candidate.jobId());
          continue;
        }
        throw e;
      }
      if (now.status() != JobStatus.FAILED && now.status() != JobStatus.CANCELLED) {
        return manifest.job(candidate.jobId());
      }
    }
    return Optional.empty();
  }

  /** Brings the manifest's record of a job up to date; jobs it does not know are left out. */
  private void remember(JobSnapshot job) {
    Optional<JobRecord> known = manifest.job(job.id());
    if (known.isPresent() && (!known.get().status().equals(job.statusLabel())
        || !known.get().fineTunedModel().equals(job.fineTunedModel()))) {
      Instant now = clock.instant();
      manifest.update(content -> {
        JobRecord current = content.jobs().get(job.id());
        return current == null ? content : content.withJob(current.withStatus(job, now));
      });
    }
  }

  /** Events not seen yet, oldest first: pages are read newest first until a seen event or the end. */
  private List<JobEvent> newEvents(String jobId, Set<String> seen) {
    List<FineTuningJobEvent> fresh = new ArrayList<>();
    JobListEventsParams first = JobListEventsParams.builder().limit(pageSize).build();
    JobListEventsPage page = read("read the events of " + jobId, () -> client.fineTuning().jobs().listEvents(jobId, first));
    boolean reachedSeen = false;
    while (true) {
      for (FineTuningJobEvent event : page.data()) {
        if (seen.contains(event.id())) {
          reachedSeen = true;
          break;
        }
        fresh.add(event);
      }
      if (reachedSeen || page.data().isEmpty() || !page.hasMore().orElse(false)) {
        break;
      }
      JobListEventsParams next = JobListEventsParams.builder()
          .limit(pageSize)
          .after(page.data().get(page.data().size() - 1).id())
          .build();
      page = read("read the events of " + jobId, () -> client.fineTuning().jobs().listEvents(jobId, next));
    }
    Collections.reverse(fresh);
    List<JobEvent> events = new ArrayList<>();
    for (FineTuningJobEvent event : fresh) {
      // A page boundary that moved between requests can show an event twice within one poll.
      if (seen.add(event.id())) {
        events.add(JobEvent.of(event));
      }
    }
    return events;
  }

  // ---- requests

  /** A request that creates nothing (a read, or a cancel), retried as {@link #unpaid} says; failures mapped. */
  private <T> T read(String action, Supplier<T> call) {
    try {
      return unpaid(action, call);
    } catch (OpenAIException e) {
      throw failure(e, action, 0);
    }
  }

  /**
   * Sends a request that creates nothing. A 408, 409, 429 or 5xx answer and a lost connection are
   * retried up to {@link OpenAiConnection#maxRetries()} times, after the server's {@code Retry-After}
   * (at most a minute) or a backoff from half a second, as the SDK would. An attempt that got no
   * answer within the timeout is not: a server that took that long once usually does again, so
   * retrying would only multiply the wait; {@link #follow} asks again at its next poll anyway.
   *
   * @throws ModelException ({@link ModelException.Kind#TIMEOUT}) when an attempt timed out
   * @throws OpenAIException the last failure, as the SDK reported it, otherwise
   */
  private <T> T unpaid(String action, Supplier<T> call) {
    int retries = 0;
    while (true) {
      try {
        return call.get();
      } catch (OpenAIException e) {
        if (timedOut(e)) {
          throw timeout(action, retries, "; a request that timed out is not sent again (one that took that long once"
              + " usually does again); raise " + Settings.TIMEOUT_MS + " or check the server");
        }
        Optional<Duration> wait = retries < connection.maxRetries() ? retryWait(e, retries + 1) : Optional.empty();
        if (wait.isEmpty()) {
          throw e;
        }
        retries++;
        sleep(wait.get());
      }
    }
  }

  /**
   * Sends a request that costs money or creates something. A 429 means the server did nothing, so it
   * is sent again after the server's {@code Retry-After}; after a 5xx or a lost connection the work may
   * or may not have been done, so {@code landed} looks for it before anything is sent again. After a
   * timeout it is looked for too, but never sent again: the server may still be doing the work, and a
   * request that took the whole timeout once usually does again.
   *
   * @param notSentAgain what the timeout message says after {@code did not answer within ... while
   *     trying to ACTION}: that it was not sent again, why, and what the next run does
   */
  private <T> T paid(String action, Supplier<T> call, Supplier<Optional<T>> landed, String notSentAgain) {
    int attempt = 0;
    while (true) {
      try {
        return call.get();
      } catch (RateLimitException e) {
        if (attempt >= connection.maxRetries()) {
          throw errors.mapped(e, action);
        }
        attempt++;
        sleep(retryAfter(e).orElse(backoff(attempt)));
      } catch (InternalServerException | OpenAIIoException e) {
        boolean timedOut = timedOut(e);
        Optional<T> done;
        try {
          done = landed.get();
        } catch (UnverifiableUploadException unknowable) {
          ModelException original = failure(e, action, attempt);
          throw new ModelException(original.kind(), original.status(), "could not tell whether the request to " + action
              + " went through: " + unknowable.getMessage(), e);
        } catch (ModelException lookup) {
          // Kept as the original failure's kind: the request may have gone through, it was not refused.
          ModelException original = failure(e, action, attempt);
          throw new ModelException(original.kind(), original.status(), "could not tell whether the request to " + action
              + " went through (" + lookup.getMessage() + "); it is recorded in " + manifest.file()
              + ", so running the same command again finds its result instead of paying twice", e);
        }
        if (done.isPresent()) {
          log.info("the request to {} went through although its answer was lost", action);
          return done.get();
        }
        if (timedOut) {
          throw timeout(action, attempt, notSentAgain);
        }
        if (attempt >= connection.maxRetries()) {
          throw errors.mapped(e, action);
        }
        attempt++;
        sleep(backoff(attempt));
      } catch (OpenAIException e) {
        throw errors.mapped(e, action);
      }
    }
  }

  /**
   * Whether an attempt ran out of the connection's timeout, the call timeout that bounds the whole
   * attempt: OkHttp reports it as a bare {@link InterruptedIOException}. A connect timeout is a
   * {@link SocketTimeoutException}: nothing reached the server, so it is retried like a lost connection.
   */
  private static boolean timedOut(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof InterruptedIOException && !(cause instanceof SocketTimeoutException)) {
        return true;
      }
    }
    return false;
  }

  /** The failure to report: a timeout in this client's words (see {@link #timeout}), else as the core maps it. */
  private ModelException failure(OpenAIException error, String action, int retries) {
    if (timedOut(error)) {
      return timeout(action, retries, "; raise " + Settings.TIMEOUT_MS + " or check the server");
    }
    return errors.mapped(error, action);
  }

  /**
   * {@code HOST did not answer within T ms while trying to ACTION}, the earlier attempts when there
   * were any, then {@code rest}: the whole wait, truthfully, since a timed-out attempt is the last.
   */
  private ModelException timeout(String action, int retries, String rest) {
    String earlier = retries == 0 ? ""
        : " (on attempt " + (retries + 1) + ": " + (retries == 1 ? "the one before" : "the " + retries + " before")
            + " failed and " + (retries == 1 ? "was" : "were") + " retried)";
    return new ModelException(ModelException.Kind.TIMEOUT, 0, connection.host() + " did not answer within "
        + connection.timeout().toMillis() + " ms while trying to " + action + earlier + rest, null);
  }

  /**
   * How long to wait before retrying a failure that is worth retrying, as the SDK decides it: the
   * server's {@code X-Should-Retry} when it sends one, else 408, 409, 429 and 5xx answers and lost
   * connections; empty for anything else.
   */
  private static Optional<Duration> retryWait(OpenAIException error, int attempt) {
    if (error instanceof OpenAIServiceException service) {
      List<String> shouldRetry = service.headers().values("x-should-retry");
      boolean retry = shouldRetry.isEmpty()
          ? service.statusCode() == 408 || service.statusCode() == 409 || service.statusCode() == 429 || service.statusCode() >= 500
          : "true".equals(shouldRetry.get(0));
      return retry ? Optional.of(retryAfter(service).orElse(backoff(attempt))) : Optional.empty();
    }
    return error instanceof OpenAIIoException ? Optional.of(backoff(attempt)) : Optional.empty();
  }

  /** Forgets a paid request marked as in flight when the server definitely refused it. */
  private void forgetIfRefused(ModelException error, UnaryOperator<ManifestContent> change) {
    if (error.kind() == ModelException.Kind.BAD_REQUEST || error.kind() == ModelException.Kind.AUTHENTICATION) {
      manifest.update(change);
    }
  }

  private static Optional<Duration> retryAfter(OpenAIServiceException error) {
    Optional<Duration> wait = first(error, "retry-after-ms").map(millis -> Duration.ofMillis(Math.round(millis)))
        .or(() -> first(error, "retry-after").map(seconds -> Duration.ofMillis(Math.round(seconds * 1000))));
    return wait.filter(duration -> !duration.isNegative())
        .map(duration -> duration.compareTo(RETRY_AFTER_CAP) > 0 ? RETRY_AFTER_CAP : duration);
  }

  private static Optional<Double> first(OpenAIServiceException error, String header) {
    List<String> values = error.headers().values(header);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Double.parseDouble(values.get(0).strip()));
    } catch (NumberFormatException e) {
      // An HTTP date rather than seconds; the exponential backoff serves as well.
      return Optional.empty();
    }
  }

  private static Duration backoff(int attempt) {
    long millis = (long) Math.min(500 * Math.pow(2, attempt - 1), 8_000);
    return Duration.ofMillis(millis);
  }

  private void sleep(Duration duration) {
    try {
      pause.pause(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FineTuneException("interrupted while waiting; run the same command again to go on", e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static String pastTense(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
      case CANCELLED -> "been cancelled";
      default -> status.label();
    };
  }

  private static List<Path> concat(List<Path> paths, Path last) {
    List<Path> all = new ArrayList<>(paths);
    all.add(last);
    return all;
  }

  /** The server cannot be asked whether an upload arrived; the message says so and what the next run does. */
  private static final class UnverifiableUploadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnverifiableUploadException(String message) {
      super(message);
    }
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
