package org.emodu.intervention.examples;

import java.util.List;
import java.util.Locale;
import org.emodu.intervention.evaluation.BertScoreResult;
import org.emodu.intervention.evaluation.BertScorer;
import org.emodu.intervention.evaluation.DescriptiveSummary;
import org.emodu.intervention.evaluation.OnnxTokenEmbedder;
import org.emodu.intervention.evaluation.PairScore;

/**
 * Scores a few generated interventions against the references a teacher wrote, offline, with the
 * embedded encoder: BERTScore per pair, then the mean and the spread of F1.
 *
 * <pre>{@code
 * mvn -q -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl examples -am
 * java -cp examples/target/classes:$(cat examples/target/classpath.txt) org.emodu.intervention.examples.BertScoreExample
 * }</pre>
 */
public final class BertScoreExample {

  private BertScoreExample() {}

  public static void main(String[] args) {
    List<String> candidates = List.of(
        "Semangat ya Budi, kamu pasti bisa belajar Fisika hari ini! 💪",
        "Sari, kita coba lagi soal Matematika ini pelan-pelan bareng ya 🤝",
        "Harga cabai di pasar naik tajam minggu lalu karena hujan deras.");
    // Two references for the second candidate: P, R and F1 are each the best over them, as in bert_score.
    List<List<String>> references = List.of(
        List.of("Ayo Budi, semangat belajar Fisika hari ini, kamu pasti bisa! 💪"),
        List.of("Jangan menyerah, Sari! Soal Matematika ini bisa kita pecahkan bersama 🤝",
            "Sari, pelan-pelan saja, kita kerjakan soal Matematika ini bareng ya 😊"),
        List.of("Keren, Dimas! Jawabanmu di kelas Kimia tadi tepat sekali 🎉"));

    try (OnnxTokenEmbedder embedder = OnnxTokenEmbedder.embedded()) {
      BertScorer scorer = BertScorer.builder(embedder).idf(true).build();
      BertScoreResult result = scorer.scoreMultiReference(candidates, references);

      for (PairScore pair : result.pairs()) {
        System.out.printf(Locale.ROOT, "P %.3f  R %.3f  F1 %.3f  %s%n    best reference %d: %s%n",
            pair.score().precision(), pair.score().recall(), pair.score().f1(), pair.candidate(),
            pair.referenceIndex() + 1, pair.reference());
      }
      DescriptiveSummary f1 = result.f1();
      System.out.printf(Locale.ROOT, "F1 over %d pairs: mean %.3f, std %.3f, min %.3f, median %.3f, max %.3f%n",
          f1.count(), f1.mean(), f1.standardDeviation(), f1.min(), f1.median(), f1.max());
      System.out.println("hash " + result.hash());
    }
  }
}
