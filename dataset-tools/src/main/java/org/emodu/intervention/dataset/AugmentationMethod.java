package org.emodu.intervention.dataset;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ways {@link Augmenter} grows a corpus. The first four are the EDA operations (Wei and Zou,
 * 2019), local, seeded and free; the last two ask a model through a
 * {@link org.emodu.intervention.core.chat.ChatBackend} and cost tokens. A variant's origin is
 * {@code augmented:<name>}.
 *
 * <p>EDA was designed for a classifier's inputs; the texts here are what a model learns to write,
 * so fluency matters. Synonym replacement from the curated lexicon is the local method that keeps
 * Indonesian fluent, and the one {@code local} names. Insertion and swap break Indonesian word
 * order in nearly every variant and deletion often drops a word the sentence needs, so they run
 * only when named (or with {@code eda}), and the {@link VariantGate} drops what shows it. The model
 * methods are the recommended way to grow a corpus, as in the seed study.
 */
public enum AugmentationMethod {
  /** Replaces words by synonyms from the Indonesian lexicon. */
  SYNONYM("synonym", "sr", false),
  /** Inserts a synonym of one of the text's words at a random place; breaks fluency, only when named. */
  INSERTION("insertion", "ri", false),
  /** Swaps two words; breaks Indonesian word order, only when named. */
  SWAP("swap", "rs", false),
  /** Deletes words, each with the strength as probability; often drops a needed word, only when named. */
  DELETION("deletion", "rd", false),
  /** Asks the model to say the same thing in other words. */
  PARAPHRASE("paraphrase", "pp", true),
  /** Asks the model to translate into English and back into Indonesian. */
  BACK_TRANSLATION("back-translation", "bt", true);

  /** How every augmented exemplar's origin starts. */
  public static final String ORIGIN_PREFIX = "augmented:";

  private final String label;
  private final String shortName;
  private final boolean usesModel;

  AugmentationMethod(String label, String shortName, boolean usesModel) {
    this.label = label;
    this.shortName = shortName;
    this.usesModel = usesModel;
  }

  /** The name written in origins and accepted on the command line. */
  public String label() {
    return label;
  }

  /** The two-letter name used in variant ids, as the EDA paper abbreviates them. */
  public String shortName() {
    return shortName;
  }

  /** Whether the method calls a model (and so costs tokens and needs a backend). */
  public boolean usesModel() {
    return usesModel;
  }

  /** The origin of a variant this method made. */
  public String origin() {
    return ORIGIN_PREFIX + label;
  }

  /**
   * Parses a method by its name, its short name, or a common alternative ({@code insert},
   * {@code delete}, {@code backtranslation}), any case.
   *
   * @throws IllegalArgumentException naming the accepted methods
   */
  public static AugmentationMethod parse(String text) {
    String key = text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
    for (AugmentationMethod method : values()) {
      if (method.label.equals(key) || method.shortName.equals(key) || method.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(key)) {
        return method;
      }
    }
    switch (key) {
      case "synonyms", "synonym-replacement":
        return SYNONYM;
      case "insert", "random-insertion":
        return INSERTION;
      case "random-swap":
        return SWAP;
      case "delete", "random-deletion":
        return DELETION;
      case "backtranslation", "back-translate", "translate":
        return BACK_TRANSLATION;
      default:
        throw new IllegalArgumentException("augmentation method '" + text.strip() + "' is not known; use one of: " + choices());
    }
  }

  /**
   * Parses a comma-separated list; {@code local} names synonym replacement, {@code eda} the four EDA
   * methods, {@code all} every method.
   */
  public static Set<AugmentationMethod> parseList(String text) {
    Set<AugmentationMethod> methods = new LinkedHashSet<>();
    for (String part : text.split(",")) {
      if (part.isBlank()) {
        continue;
      }
      String key = part.strip().toLowerCase(Locale.ROOT);
      if (key.equals("local")) {
        methods.addAll(local());
      } else if (key.equals("eda")) {
        methods.addAll(eda());
      } else if (key.equals("all")) {
        methods.addAll(List.of(values()));
      } else {
        methods.add(parse(part));
      }
    }
    if (methods.isEmpty()) {
      throw new IllegalArgumentException("no augmentation method given; use one or more of: " + choices());
    }
    return methods;
  }

  /** The local methods that keep Indonesian fluent: synonym replacement. */
  public static List<AugmentationMethod> local() {
    return List.of(SYNONYM);
  }

  /** The four EDA methods, insertion, swap and deletion among them. */
  public static List<AugmentationMethod> eda() {
    return List.of(SYNONYM, INSERTION, SWAP, DELETION);
  }

  /** Whether the method harms fluency (insertion, swap, deletion), so that it runs only when named. */
  public boolean harmsFluency() {
    return this == INSERTION || this == SWAP || this == DELETION;
  }

  /** The accepted names, for help texts and messages. */
  public static String choices() {
    return Arrays.stream(values()).map(AugmentationMethod::label).collect(Collectors.joining(", ")) + " (or local, eda, all)";
  }

  @Override
  public String toString() {
    return label;
  }
}
