package org.emodu.intervention.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.chat.ChatBackend;
import org.emodu.intervention.core.chat.ChatReply;
import org.emodu.intervention.core.chat.PromptProfile;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.generation.LoggedGenerator;
import org.emodu.intervention.core.generation.PromptedChatGenerator;
import org.emodu.intervention.core.log.InteractionLog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The toolkit's own cost around a model call: building the messages, reading the reply, applying
 * the output policy and, in the logged variant, appending the interaction to a JSON Lines log. The
 * backend answers at once, so what is measured is everything but the model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(2)
public class PromptedGeneratorBenchmark {

  private static final ChatReply REPLY = new ChatReply(
      "Hai Budi! Yuk tebak, rumus Fisika mana yang dipakai roller coaster? 🎢 Fokus sebentar lagi, seru banget kok! 😄",
      "gpt-3.5-turbo-0125", new TokenUsage(400, 41, 441), "chatcmpl-1");

  private InterventionRequest request;
  private PromptedChatGenerator base;
  private PromptedChatGenerator fineTuned;
  private LoggedGenerator logged;
  private InteractionLog log;
  private Path logFile;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    ChatBackend noOp = chat -> REPLY;
    request = InterventionRequest.builder().username("Budi").emotion("bosan").reinforcement("positive")
        .arcs("attention").classname("XII-IPA-1").subject("Fisika").build();
    base = new PromptedChatGenerator(noOp, PromptProfile.base("gpt-3.5-turbo"));
    fineTuned = new PromptedChatGenerator(noOp, PromptProfile.fineTuned("ft:gpt-3.5-turbo"));
    logFile = Files.createTempFile("intervensi-bench", ".jsonl");
    log = InteractionLog.open(logFile);
    logged = new LoggedGenerator(base, log, "gpt-3.5-turbo");
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    log.close();
    Files.deleteIfExists(logFile);
  }

  @Benchmark
  public Intervention baseProfile() {
    return base.generate(request);
  }

  @Benchmark
  public Intervention fineTunedProfile() {
    return fineTuned.generate(request);
  }

  @Benchmark
  public Intervention baseProfileLogged() {
    return logged.generate(request);
  }
}
