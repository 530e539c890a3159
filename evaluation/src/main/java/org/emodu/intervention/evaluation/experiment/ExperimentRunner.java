package org.emodu.intervention.evaluation.experiment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.Progress;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.internal.Secrets;
import org.emodu.intervention.core.log.InteractionLog;
import org.emodu.intervention.core.log.InteractionRecord;
import org.emodu.intervention.core.openai.BatchRecord;
import org.emodu.intervention.core.openai.ChatBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generates an intervention for every item of an evaluation set, {@code repeat} times, with at most
 * {@code concurrency} generations in flight, and appends each outcome to the profile's interaction
 * log as it finishes.
 *
 * <p>The log is also the run's journal: every record's request id names the item and repetition
 * ({@code profile:item#repetition}), so a run that was interrupted resumes where it stopped and asks
 * the model nothing it already answered. Failures are logged with their error and counted, never
 * dropped; they are asked again on resume only when {@code retryFailed} is set.
 *
 * <p>{@link #runBatch} asks the same requests through the OpenAI Batch API instead, at half the price,
 * and logs the answers in the same records: the same prompts and sampling, the same output policy,
 * failed requests logged as failed calls are. The batch is recorded in the experiment's manifest
 * before the run waits for it, so a run stopped while it waits follows the same batch when started
 * again, and never creates another for the same requests.
 */
public final class ExperimentRunner {

  private static final Logger LOG = LoggerFactory.getLogger(ExperimentRunner.class);

  private final int concurrency;
  private final int repeat;
  private final boolean retryFailed;
  private final Clock clock;

  public ExperimentRunner(int concurrency, int repeat, boolean retryFailed, Clock clock) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (repeat < 1) {
      throw new IllegalArgumentException("repeat must be at least 1, got " + repeat);
    }
    this.concurrency = concurrency;
    this.repeat = repeat;
    this.retryFailed = retryFailed;
    this.clock = clock;
  }

  public ExperimentRunner(int concurrency, int repeat) {
    this(concurrency, repeat, false, Clock.systemUTC());
  }

  /**
   * Runs one profile over the items, resuming from {@code logFile} when it holds earlier records.
   *
   * @param model the model to log for a failed generation, which has no answer to take it from
   * @throws IllegalArgumentException when the log holds records of another profile or unreadable lines
   */
  public ProfileRun run(String profile, InterventionGenerator generator, String model, List<EvaluationItem> items,
      Path logFile, Progress progress) throws InterruptedException {
    Map<String, InteractionRecord> done = earlierRecords(profile, logFile);
    List<Task> tasks = new ArrayList<>();
    int resumed = 0;
    for (int repetition = 1; repetition <= repeat; repetition++) {
      for (EvaluationItem item : items) {
        String key = key(profile, item, repetition);
        InteractionRecord earlier = done.get(key);
        if (earlier != null && (earlier.succeeded() || !retryFailed)) {
          resumed++;
        } else {
          tasks.add(new Task(item, repetition, key));
        }
      }
    }
    progress.start(profile, (long) items.size() * repeat, resumed);
    AtomicLong tokens = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    Map<String, InteractionRecord> fresh = new java.util.concurrent.ConcurrentHashMap<>();
    long started = System.nanoTime();
    try (InteractionLog log = InteractionLog.open(logFile)) {
      Semaphore inFlight = new Semaphore(concurrency);
      List<CompletableFuture<Void>> running = new ArrayList<>(tasks.size());
      for (Task task : tasks) {
        inFlight.acquire();
        long start = System.nanoTime();
        CompletableFuture<Intervention> attempt;
        try {
          attempt = generator.generateAsync(task.item.request());
        } catch (RuntimeException e) {
          attempt = CompletableFuture.failedFuture(e);
        }
        running.add(attempt.handle((intervention, error) -> {
          try {
            InteractionRecord record = error == null
                ? keyed(InteractionRecord.of(task.item.request(), intervention, clock.instant()), task.key)
                : failure(task, generator.name(), model, error, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
            log.write(record);
            fresh.put(task.key, record);
            long spent = tokens.addAndGet(record.usage().total());
            long failures = record.succeeded() ? failed.get() : failed.incrementAndGet();
            progress.step(1, String.format(Locale.ROOT, "%,d tokens%s", spent, failures > 0 ? ", " + failures + " failed" : ""));
            return null;
          } finally {
            inFlight.release();
          }
        }));
      }
      CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    } finally {
      progress.finish();
    }
    long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

    List<Generation> generations = new ArrayList<>(items.size() * repeat);
    for (int repetition = 1; repetition <= repeat; repetition++) {
      for (EvaluationItem item : items) {
        String key = key(profile, item, repetition);
        InteractionRecord record = fresh.containsKey(key) ? fresh.get(key) : done.get(key);
        generations.add(new Generation(item, repetition, record));
      }
    }
    return new ProfileRun(profile, generations, resumed, wallMs);
  }

  /**
   * Runs one profile's requests as one batch through the Batch API, resuming from {@code logFile} as
   * {@link #run} does, and first taking in any batch of this profile that an earlier run created but did
   * not finish collecting. The batch's input, output and error files are kept beside the log.
   *
   * @param directory the experiment's directory, whose manifest records the batches
   * @param model the model to log for a failed generation, which has no answer to take it from
   * @throws org.emodu.intervention.core.ModelException when the batch failed or cannot be followed;
   *     what was logged stays, and the batch stays recorded for the next run
   * @throws InterruptedException when interrupted while waiting; the batch runs on and stays recorded
   */
  public ProfileRun runBatch(String profile, PromptedChatGenerator generator, String model, List<EvaluationItem> items,
      Path logFile, ChatBatch batch, Path directory, Progress progress) throws InterruptedException {
    Map<String, InteractionRecord> done = earlierRecords(profile, logFile);
    ManifestBatches journal = new ManifestBatches(directory, profile);
    Path files = logFile.getParent();
    int resumed = items.size() * repeat - pending(profile, items, done).size();
    progress.start(profile, (long) items.size() * repeat, resumed);
    Map<String, InteractionRecord> fresh = new HashMap<>();
    long started = System.nanoTime();
    try (InteractionLog log = InteractionLog.open(logFile)) {
      // A batch an earlier run created: what it answered is logged; what it left out is asked anew below.
      for (BatchRecord open : journal.open()) {
        Map<String, Task> pending = pending(profile, items, done);
        ChatBatch.Result result = batch.collect(open, List.of(), files, journal, progress);
        write(result, pending, generator, model, log, fresh, done);
        journal.record(open.asCollected());
      }
      Map<String, Task> pending = pending(profile, items, done);
      if (!pending.isEmpty()) {
        List<ChatBatch.Line> lines = new ArrayList<>();
        for (Task task : pending.values()) {
          lines.add(new ChatBatch.Line(task.key, generator.profile().chatRequest(task.item.request())));
        }
        BatchRecord created = batch.submit("experiment-" + profile, lines, files.resolve("batch-input.jsonl"), journal);
        ChatBatch.Result result = batch.collect(created, List.copyOf(pending.keySet()), files, journal, progress);
        write(result, pending, generator, model, log, fresh, done);
        journal.record(created.asCollected());
      }
    } finally {
      progress.finish();
    }
    long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    List<Generation> generations = new ArrayList<>(items.size() * repeat);
    for (int repetition = 1; repetition <= repeat; repetition++) {
      for (EvaluationItem item : items) {
        String key = key(profile, item, repetition);
        InteractionRecord record = fresh.containsKey(key) ? fresh.get(key) : done.get(key);
        generations.add(new Generation(item, repetition, record));
      }
    }
    return new ProfileRun(profile, generations, resumed, wallMs);
  }

  /** The generations still to ask, by key, in set order within each repetition. */
  private Map<String, Task> pending(String profile, List<EvaluationItem> items, Map<String, InteractionRecord> done) {
    Map<String, Task> pending = new java.util.LinkedHashMap<>();
    for (int repetition = 1; repetition <= repeat; repetition++) {
      for (EvaluationItem item : items) {
        String key = key(profile, item, repetition);
        InteractionRecord earlier = done.get(key);
        if (earlier == null || (!earlier.succeeded() && retryFailed)) {
          pending.put(key, new Task(item, repetition, key));
        }
      }
    }
    return pending;
  }

  /**
   * Logs a batch's answers as the online path logs a call's: each reply through the generator's output
   * policy, each failure (and each reply the policy cannot keep) as a failed generation. A batch has no
   * latency of its own per request, so its records carry 0.
   */
  private void write(ChatBatch.Result result, Map<String, Task> pending, PromptedChatGenerator generator, String model,
      InteractionLog log, Map<String, InteractionRecord> fresh, Map<String, InteractionRecord> done) {
    for (Task task : pending.values()) {
      ChatReply reply = result.replies().get(task.key);
      Throwable error = result.failures().get(task.key);
      if (reply == null && error == null) {
        continue;
      }
      InteractionRecord record;
      if (reply != null) {
        try {
          record = keyed(InteractionRecord.of(task.item.request(), generator.answer(reply, 0), clock.instant()), task.key);
        } catch (RuntimeException e) {
          record = failure(task, generator.name(), model, e, 0);
        }
      } else {
        record = failure(task, generator.name(), model, error, 0);
      }
      log.write(record);
      fresh.put(task.key, record);
      done.put(task.key, record);
    }
    result.notice().ifPresent(notice -> LOG.warn("{}", notice));
  }

  /** The request id under which a generation is logged. */
  static String key(String profile, EvaluationItem item, int repetition) {
    return profile + ":" + item.id() + "#" + repetition;
  }

  private static Map<String, InteractionRecord> earlierRecords(String profile, Path logFile) {
    Map<String, InteractionRecord> latest = new HashMap<>();
    if (!Files.exists(logFile)) {
      return latest;
    }
    for (InteractionRecord record : InteractionLog.read(logFile)) {
      if (!record.requestId().startsWith(profile + ":")) {
        throw new IllegalArgumentException("the log " + logFile + " holds a record of another run ("
            + record.requestId() + "); give the experiment its own output directory");
      }
      latest.put(record.requestId(), record);
    }
    return latest;
  }

  private static InteractionRecord keyed(InteractionRecord record, String key) {
    return new InteractionRecord(record.timestamp(), key, record.generator(), record.model(), record.request(),
        record.text(), record.usage(), record.latencyMs(), record.fallback(), record.fallbackReason(),
        record.repairs(), record.violations(), record.error());
  }

  private InteractionRecord failure(Task task, String generator, String model, Throwable error, long latencyMs) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    InteractionRecord template = InteractionRecord.failure(task.item.request(), generator, model, cause,
        latencyMs, clock.instant());
    return new InteractionRecord(template.timestamp(), task.key, generator, model, template.request(), "",
        TokenUsage.NONE, template.latencyMs(), false, Optional.empty(), List.of(), List.of(),
        Optional.of(Secrets.redact(message)));
  }

  private record Task(EvaluationItem item, int repetition, String key) {}
}
