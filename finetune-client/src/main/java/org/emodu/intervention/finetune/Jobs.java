package org.emodu.intervention.finetune;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.models.finetuning.jobs.FineTuningJob;
import com.openai.models.finetuning.jobs.JobCreateParams;
import com.openai.models.finetuning.jobs.JobListPage;
import com.openai.models.finetuning.jobs.JobListParams;
import com.openai.models.finetuning.methods.SupervisedHyperparameters;
import com.openai.models.finetuning.methods.SupervisedMethod;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs of {@link FineTuneClient}: creating supervised jobs without starting the same one twice,
 * reading, listing and cancelling them, and keeping the {@link JobManifest}'s record of each up to
 * date. A creation whose answer was lost is found on the server by the request id it carries in the
 * job's metadata rather than sent again.
 */
final class Jobs {

  /** The metadata key under which a job carries the id of the request that created it. */
  static final String REQUEST_METADATA_KEY = "intervensi_request";
  private static final Logger log = LoggerFactory.getLogger(Jobs.class);

  private final OpenAIClient client;
  private final ApiCalls calls;
  private final JobManifest manifest;
  private final Uploads uploads;
  private final Clock clock;

  Jobs(OpenAIClient client, ApiCalls calls, JobManifest manifest, Uploads uploads, Clock clock) {
    this.client = client;
    this.calls = calls;
    this.manifest = manifest;
    this.uploads = uploads;
    this.clock = clock;
  }

  /** See {@link FineTuneClient#create}. */
  CreatedJob create(JobRequest request) {
    Optional<Upload> training = request.trainingFile().path().map(uploads::upload);
    Optional<Upload> validation = request.validationFile().flatMap(FileReference::path).map(uploads::upload);
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
      created = calls.paid("create the fine-tuning job", () -> client.fineTuning().jobs().create(params),
          () -> findJob(pending), "; the server lists no job from this request yet, and it was not sent again: the"
              + " server may still be creating the job, and a second request could start, and bill, a second one. The"
              + " request stays recorded in " + manifest.file() + ": run the same command again in a few minutes; it"
              + " adopts the job if the server created it and creates one only if not");
    } catch (ModelException e) {
      if (ApiCalls.refused(e)) {
        manifest.update(content -> content.withoutPendingJob(fingerprint));
      }
      throw e;
    }
    JobSnapshot job = recordJob(created, fingerprint, parameters);
    log.info("created job {} ({})", job.id(), parameters.describe());
    return new CreatedJob(job, training, validation, false);
  }

  /** See {@link FineTuneClient#status}. */
  JobSnapshot status(String jobId) {
    JobSnapshot job = JobSnapshot.of(calls.read("read job " + jobId, () -> client.fineTuning().jobs().retrieve(jobId)));
    remember(job);
    return job;
  }

  /** See {@link FineTuneClient#list}. */
  List<JobSnapshot> list(int limit) {
    if (limit < 1 || limit > 1000) {
      throw new IllegalParameterException("limit", "must be from 1 to 1000, got " + limit);
    }
    List<JobSnapshot> jobs = new ArrayList<>();
    JobListParams params = JobListParams.builder().limit(Math.min(limit, 100)).build();
    JobListPage page = calls.read("list fine-tuning jobs", () -> client.fineTuning().jobs().list(params));
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
      page = calls.read("list fine-tuning jobs", current::nextPage);
    }
  }

  /** See {@link FineTuneClient#cancel}. */
  JobSnapshot cancel(String jobId) {
    JobSnapshot before = status(jobId);
    if (before.status().terminal()) {
      throw new FineTuneException("job " + jobId + " has already " + pastTense(before.status()) + "; there is nothing to cancel");
    }
    JobSnapshot after = JobSnapshot.of(calls.read("cancel job " + jobId, () -> client.fineTuning().jobs().cancel(jobId)));
    remember(after);
    return after;
  }

  /** {@code succeeded}, {@code failed}, {@code been cancelled}: what follows "has already" or "has". */
  static String pastTense(JobStatus status) {
    return switch (status) {
      case SUCCEEDED -> "succeeded";
      case FAILED -> "failed";
      case CANCELLED -> "been cancelled";
      default -> status.label();
    };
  }

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
    Instant notBefore = pending.startedAt().minus(ApiCalls.CLOCK_SLACK);
    JobParameters parameters = pending.parameters();
    JobListParams params = JobListParams.builder().limit(100L).build();
    List<FineTuningJob> jobs = calls.read("look for a job created by an earlier run",
        () -> client.fineTuning().jobs().list(params)).data();
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
}
