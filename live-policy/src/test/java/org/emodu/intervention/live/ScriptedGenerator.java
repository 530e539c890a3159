package org.emodu.intervention.live;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.chat.TokenUsage;

/** A generator that answers with texts it is given, and remembers what it was asked. */
final class ScriptedGenerator implements InterventionGenerator {

  private final Function<Integer, String> texts;
  private final AtomicInteger calls = new AtomicInteger();
  final List<InterventionRequest> requests = Collections.synchronizedList(new ArrayList<>());

  private ScriptedGenerator(Function<Integer, String> texts) {
    this.texts = texts;
  }

  /** A new text each call. */
  static ScriptedGenerator numbered() {
    return new ScriptedGenerator(call -> "Semangat ya, teks nomor " + call + " 😊");
  }

  /** The same text every call. */
  static ScriptedGenerator repeating(String text) {
    return new ScriptedGenerator(call -> text);
  }

  /** These texts in turn, the last one again once they run out. */
  static ScriptedGenerator of(String... texts) {
    return new ScriptedGenerator(call -> texts[Math.min(call - 1, texts.length - 1)]);
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    int call = calls.incrementAndGet();
    requests.add(request);
    return new Intervention(texts.apply(call), "scripted", "script", TokenUsage.NONE, 0, "req-" + call, false,
        Optional.empty(), List.of(), List.of());
  }

  int calls() {
    return calls.get();
  }
}
