package org.emodu.intervention.core.generation;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.emodu.intervention.core.Exemplar;
import org.emodu.intervention.core.ExemplarCorpus;
import org.emodu.intervention.core.Intervention;
import org.emodu.intervention.core.InterventionGenerator;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.Strategy;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.internal.RequestIds;
import org.emodu.intervention.core.internal.Text;

/**
 * Generates interventions offline from an {@link ExemplarCorpus}: picks an exemplar for the
 * request's emotion and strategy, fills in the student's name, subject and class, and checks the
 * result with the {@link OutputPolicy}. Needs no network and no key; it is the embedded default and
 * the fallback when a model is slow or down.
 *
 * <p>It avoids repeating itself for the same student: an exemplar used for a student recently is
 * not picked again for them while another fits. When a corpus has nothing for the exact strategy it
 * widens the search step by step: the same emotion and ARCS strategy, the same emotion and
 * reinforcement, the same emotion, then the same strategy for any emotion. Thread-safe; a seed
 * makes the choices repeatable.
 */
public final class ExemplarGenerator implements InterventionGenerator {

  /** The generator's name in {@link Intervention#generator()}. */
  public static final String NAME = "offline";

  private static final int REMEMBERED_PER_STUDENT = 8;
  private static final int REMEMBERED_STUDENTS = 10_000;

  private final ExemplarCorpus corpus;
  private final OutputPolicy policy;
  private final SplittableRandom random;
  private final Map<String, Deque<String>> recentByStudent = new LinkedHashMap<>(256, 0.75f, true) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Deque<String>> eldest) {
      return size() > REMEMBERED_STUDENTS;
    }
  };

  public ExemplarGenerator(ExemplarCorpus corpus, OutputPolicy policy, long seed) {
    this.corpus = corpus;
    this.policy = policy;
    this.random = new SplittableRandom(seed);
  }

  /** A generator over {@code corpus} with the standard policy and an unpredictable seed. */
  public ExemplarGenerator(ExemplarCorpus corpus) {
    this(corpus, OutputPolicy.standard(), System.nanoTime());
  }

  /** A generator over the built-in corpus. */
  public static ExemplarGenerator builtIn() {
    return new ExemplarGenerator(ExemplarCorpus.builtIn());
  }

  @Override
  public String name() {
    return NAME;
  }

  public ExemplarCorpus corpus() {
    return corpus;
  }

  @Override
  public Intervention generate(InterventionRequest request) {
    long start = System.nanoTime();
    List<Exemplar> candidates = candidates(request);
    String rendered = pick(request, candidates);
    OutputPolicy.Result checked = policy.apply(rendered);
    long latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return new Intervention(checked.text(), NAME, corpus.name(), TokenUsage.NONE, latencyMs, RequestIds.next(),
        false, Optional.empty(), checked.repairs(), checked.violations());
  }

  /** Completes at once: the work is a lookup and a few string replacements. */
  @Override
  public CompletableFuture<Intervention> generateAsync(InterventionRequest request) {
    try {
      return CompletableFuture.completedFuture(generate(request));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private List<Exemplar> candidates(InterventionRequest request) {
    Strategy strategy = request.strategy();
    List<Exemplar> exact = corpus.matching(request.emotion(), strategy);
    if (!exact.isEmpty()) {
      return exact;
    }
    List<Exemplar> sameEmotion = corpus.matching(request.emotion());
    List<Exemplar> sameArcs = sameEmotion.stream().filter(e -> e.arcs() == request.arcs()).toList();
    if (!sameArcs.isEmpty()) {
      return sameArcs;
    }
    List<Exemplar> sameReinforcement =
        sameEmotion.stream().filter(e -> e.reinforcement() == request.reinforcement()).toList();
    if (!sameReinforcement.isEmpty()) {
      return sameReinforcement;
    }
    if (!sameEmotion.isEmpty()) {
      return sameEmotion;
    }
    List<Exemplar> sameStrategy = corpus.exemplars().stream().filter(e -> e.strategy().equals(strategy)).toList();
    return sameStrategy.isEmpty() ? corpus.exemplars() : sameStrategy;
  }

  /**
   * Picks an exemplar whose rendering fits the word limit: one the student has not seen lately if
   * any fits, else the one they saw longest ago, and remembers it. Only when no candidate fits does
   * it take the shortest rendering, which the policy then reports.
   */
  private String pick(InterventionRequest request, List<Exemplar> candidates) {
    String student = request.username().toLowerCase(Locale.ROOT);
    synchronized (recentByStudent) {
      Deque<String> recent = recentByStudent.computeIfAbsent(student, key -> new ArrayDeque<>());
      List<Exemplar> fresh = new ArrayList<>(candidates.size());
      for (Exemplar candidate : candidates) {
        if (!recent.contains(candidate.id())) {
          fresh.add(candidate);
        }
      }
      Exemplar chosen = null;
      String rendered = null;
      String shortest = null;
      Exemplar shortestExemplar = null;
      int shortestWords = Integer.MAX_VALUE;
      while (!fresh.isEmpty() && chosen == null) {
        Exemplar candidate = fresh.remove(random.nextInt(fresh.size()));
        String text = candidate.render(request);
        int words = Text.countWords(text);
        if (words <= policy.maxWords()) {
          chosen = candidate;
          rendered = text;
        } else if (words < shortestWords) {
          shortestWords = words;
          shortest = text;
          shortestExemplar = candidate;
        }
      }
      // Everything fresh is used up or too long: the least recently seen exemplar that fits,
      // even the very last one, since fitting the word limit matters more than variety.
      for (java.util.Iterator<String> oldestFirst = recent.iterator(); chosen == null && oldestFirst.hasNext(); ) {
        String id = oldestFirst.next();
        for (Exemplar candidate : candidates) {
          if (candidate.id().equals(id)) {
            String text = candidate.render(request);
            int words = Text.countWords(text);
            if (words <= policy.maxWords()) {
              chosen = candidate;
              rendered = text;
            } else if (words < shortestWords) {
              shortestWords = words;
              shortest = text;
              shortestExemplar = candidate;
            }
          }
        }
      }
      if (chosen == null) {
        chosen = shortestExemplar;
        rendered = shortest;
      }
      recent.remove(chosen.id());
      recent.addLast(chosen.id());
      while (recent.size() > REMEMBERED_PER_STUDENT) {
        recent.removeFirst();
      }
      return rendered;
    }
  }
}
