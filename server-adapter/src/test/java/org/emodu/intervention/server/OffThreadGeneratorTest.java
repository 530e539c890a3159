package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.ModelException;
import org.emodu.intervention.core.Profile;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.chat.TokenUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OffThreadGeneratorTest {

  private static final InterventionRequest REQUEST = InterventionRequest.builder()
      .username("Budi").emotion("bosan").classname("XII-IPA-1").subject("Fisika").build();

  private final ExecutorService pool = Executors.newSingleThreadExecutor(task -> new Thread(task, "test-pool"));

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static Intervention answer(String text) {
    return new Intervention(text, "base", "gpt-test", TokenUsage.NONE, 1, "test-1", false, Optional.empty(),
        List.of(), List.of());
  }

  /** A generator whose start blocks until the test lets it go, as a cold SDK's preparation does. */
  private static final class SlowToStart implements InterventionGenerator {
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicReference<String> startedOn = new AtomicReference<>();

    @Override
    public String name() {
      return "base";
    }

    @Override
    public Intervention generate(InterventionRequest request) {
      return generateAsync(request).join();
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      startedOn.set(Thread.currentThread().getName());
      try {
        release.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CompletableFuture.completedFuture(answer("Semangat Budi! 💪"));
    }
  }

  /** A generator whose answer never comes, keeping the future it handed out. */
  private static final class NeverAnswers implements InterventionGenerator {
    final CompletableFuture<Intervention> handedOut = new CompletableFuture<>();
    final CountDownLatch started = new CountDownLatch(1);

    @Override
    public String name() {
      return "base";
    }

    @Override
    public Intervention generate(InterventionRequest request) {
      return generateAsync(request).join();
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      started.countDown();
      return handedOut;
    }
  }

  @Test
  void cancellingTheAnswerCancelsTheDelegatesWork() throws Exception {
    NeverAnswers never = new NeverAnswers();

    CompletableFuture<Intervention> future = new OffThreadGenerator(never, pool).generateAsync(REQUEST);
    assertThat(never.started.await(5, TimeUnit.SECONDS)).isTrue();
    future.cancel(true);
    pool.submit(() -> {}).get(5, TimeUnit.SECONDS);

    assertThat(never.handedOut).isCancelled();
  }

  @Test
  void aCancelReachesTheDelegatesWorkThroughTheCanceller() throws Exception {
    NeverAnswers never = new NeverAnswers();
    List<Runnable> cancels = new java.util.concurrent.CopyOnWriteArrayList<>();

    CompletableFuture<Intervention> future = new OffThreadGenerator(never, pool, cancels::add).generateAsync(REQUEST);
    assertThat(never.started.await(5, TimeUnit.SECONDS)).isTrue();
    pool.submit(() -> {}).get(5, TimeUnit.SECONDS);
    future.cancel(true);

    assertThat(future).isCancelled();
    assertThat(never.handedOut).as("not cancelled on the cancelling thread").isNotCancelled();
    assertThat(cancels).hasSize(1);
    cancels.get(0).run();
    assertThat(never.handedOut).isCancelled();
  }

  @Test
  void anAnswerCancelledBeforeItsTurnNeverStartsTheDelegate() throws Exception {
    SlowToStart slow = new SlowToStart();
    NeverAnswers never = new NeverAnswers();
    CompletableFuture<Intervention> first = new OffThreadGenerator(slow, pool).generateAsync(REQUEST);

    CompletableFuture<Intervention> queued = new OffThreadGenerator(never, pool).generateAsync(REQUEST);
    queued.cancel(true);
    slow.release.countDown();
    first.get(5, TimeUnit.SECONDS);
    pool.submit(() -> {}).get(5, TimeUnit.SECONDS);

    assertThat(never.started.getCount()).isOne();
  }

  @Test
  void returnsAtOnceWhileTheDelegateIsStillStarting() {
    SlowToStart slow = new SlowToStart();

    CompletableFuture<Intervention> future = new OffThreadGenerator(slow, pool).generateAsync(REQUEST);

    assertThat(future).isNotDone();
    slow.release.countDown();
    assertThat(future.join().text()).isEqualTo("Semangat Budi! 💪");
    assertThat(slow.startedOn.get()).isEqualTo("test-pool");
  }

  @Test
  void whatWaitsOnTheAnswerRunsOnTheExecutorNotTheCaller() {
    InterventionGenerator immediate = new StubGenerator(CompletableFuture.completedFuture(answer("Ayo Budi! 🎉")));
    CountDownLatch hold = new CountDownLatch(1);
    pool.execute(() -> awaitQuietly(hold));

    CompletableFuture<String> thread = new OffThreadGenerator(immediate, pool).generateAsync(REQUEST)
        .thenApply(intervention -> Thread.currentThread().getName());
    hold.countDown();

    assertThat(thread.join()).isEqualTo("test-pool");
  }

  @Test
  void aDelegateThatThrowsFailsTheFutureWithItsException() {
    ModelException failure = new ModelException(ModelException.Kind.BAD_REQUEST, "the model refused the request");
    InterventionGenerator throwing = new StubGenerator(null) {
      @Override
      public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
        throw failure;
      }
    };

    CompletableFuture<Intervention> future = new OffThreadGenerator(throwing, pool).generateAsync(REQUEST);

    assertThatThrownBy(future::join).isInstanceOf(CompletionException.class).hasCause(failure);
    assertThat(MeteredGenerator.outcome(null, catchCompletion(future))).isEqualTo("BAD_REQUEST");
  }

  @Test
  void theServerAnswersByTheDeadlineWhileTheModelCallIsStillBeingPrepared() {
    CountDownLatch release = new CountDownLatch(1);
    ChatBackend slowToPrepare = new ChatBackend() {
      @Override
      public ChatReply complete(ChatRequest request) {
        return completeAsync(request).join();
      }

      @Override
      public CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
        awaitQuietly(release);
        return CompletableFuture.completedFuture(new ChatReply("Semangat Budi! 💪", "slow-model", TokenUsage.NONE, "c-1"));
      }
    };
    try (TestServer server = TestServer.start(InterventionServer.builder(Settings.of(Map.of(Settings.DEADLINE_MS, "300")))
        .profile(Profile.BASE)
        .model(slowToPrepare, PromptProfile.base("slow-model")))) {
      var response = server.get("/openai?" + TestServer.SEED_QUERY);

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("X-Intervensi-Fallback")).hasValue("true");
      assertThat(TestServer.json(response).path("response").asText()).contains("Budi");
    } finally {
      release.countDown();
    }
  }

  @Test
  void aLateModelsFallbackIsServedFromThePoolRatherThanTheTimerThread() {
    ChatBackend hung = new ChatBackend() {
      @Override
      public ChatReply complete(ChatRequest request) {
        return completeAsync(request).join();
      }

      @Override
      public CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
        return new CompletableFuture<>();
      }
    };
    Settings settings = Settings.of(Map.of(Settings.DEADLINE_MS, "200"));
    try (Pipeline pipeline = Pipeline.open(settings, ServerOptions.from(settings), Profile.BASE, Optional.of(7L),
        Optional.of(new Pipeline.Model(hung, PromptProfile.base("hung-model"))), new ServerMetrics(),
        OffThreadGeneratorTest::startOnceTheSubmitterWaits)) {
      CompletableFuture<String> answeredOn = pipeline.generate(REQUEST)
          .thenApply(intervention -> intervention.fallback() + " " + Thread.currentThread().getName());

      // One thread fires every deadline; the answer is written from the pool.
      assertThat(answeredOn.join()).isEqualTo("true test-starter");
    }
  }

  @Test
  void withoutTheFallbackALateModelsTimeoutIsAnsweredFromThePoolRatherThanTheTimerThread() {
    ChatBackend hung = new ChatBackend() {
      @Override
      public ChatReply complete(ChatRequest request) {
        return completeAsync(request).join();
      }

      @Override
      public CompletableFuture<ChatReply> completeAsync(ChatRequest request) {
        return new CompletableFuture<>();
      }
    };
    Settings settings = Settings.of(Map.of(Settings.DEADLINE_MS, "200", Settings.FALLBACK, "off"));
    try (Pipeline pipeline = Pipeline.open(settings, ServerOptions.from(settings), Profile.BASE, Optional.of(7L),
        Optional.of(new Pipeline.Model(hung, PromptProfile.base("hung-model"))), new ServerMetrics(),
        OffThreadGeneratorTest::startOnceTheSubmitterWaits)) {
      CompletableFuture<String> answeredOn = pipeline.generate(REQUEST)
          .handle((intervention, error) -> (error.getCause() instanceof ModelException model ? model.kind() : error)
              + " " + Thread.currentThread().getName());

      // Requests that time out together would otherwise have their 504s written one after the other.
      assertThat(answeredOn.join()).isEqualTo("TIMEOUT test-starter");
    }
  }

  /**
   * Runs each task on a thread of its own once the submitting thread has moved on and waits
   * again, so that the test does not depend on which of the two gets to the answer first.
   */
  private static void startOnceTheSubmitterWaits(Runnable task) {
    Thread submitter = Thread.currentThread();
    Thread starter = new Thread(() -> {
      long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (submitter.getState() == Thread.State.RUNNABLE && System.nanoTime() < giveUp) {
        Thread.onSpinWait();
      }
      task.run();
    }, "test-starter");
    starter.setDaemon(true);
    starter.start();
  }

  private static Throwable catchCompletion(CompletableFuture<?> future) {
    try {
      future.join();
      return null;
    } catch (CompletionException e) {
      return e;
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(20, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Answers every request with the same future. */
  private static class StubGenerator implements InterventionGenerator {
    private final CompletableFuture<Intervention> future;

    StubGenerator(CompletableFuture<Intervention> future) {
      this.future = future;
    }

    @Override
    public String name() {
      return "base";
    }

    @Override
    public Intervention generate(InterventionRequest request) {
      return future.join();
    }

    @Override
    public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
      return future;
    }
  }
}
