package org.emodu.intervention.finetune;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.emodu.intervention.core.internal.Text;
import org.emodu.intervention.core.tools.IllegalParameterException;

/**
 * A supervised job's hyperparameters. Each is either a value or empty for {@code auto}, which lets
 * the server choose from the training set's size (the seed study used the defaults). Values are
 * checked against the API's ranges: epochs 1 to 50, batch size 1 to 256, learning-rate multiplier
 * above 0 and at most 10.
 */
public record Hyperparameters(Optional<Integer> epochs, Optional<Integer> batchSize, Optional<Double> learningRateMultiplier) {

  public static final int MAX_EPOCHS = 50;
  public static final int MAX_BATCH_SIZE = 256;
  public static final double MAX_LEARNING_RATE_MULTIPLIER = 10.0;

  /** Every hyperparameter left to the server. */
  public static final Hyperparameters AUTO = new Hyperparameters(Optional.empty(), Optional.empty(), Optional.empty());

  public Hyperparameters {
    epochs = Objects.requireNonNullElse(epochs, Optional.empty());
    batchSize = Objects.requireNonNullElse(batchSize, Optional.empty());
    learningRateMultiplier = Objects.requireNonNullElse(learningRateMultiplier, Optional.empty());
    epochs.ifPresent(value -> requireRange("epochs", value, 1, MAX_EPOCHS));
    batchSize.ifPresent(value -> requireRange("batch size", value, 1, MAX_BATCH_SIZE));
    learningRateMultiplier.ifPresent(value -> {
      if (!(value > 0.0 && value <= MAX_LEARNING_RATE_MULTIPLIER)) {
        throw new IllegalArgumentException("the learning-rate multiplier must be above 0 and at most "
            + MAX_LEARNING_RATE_MULTIPLIER + " (or auto), got " + value);
      }
    });
  }

  /**
   * Hyperparameters from words such as a command line's: each {@code auto}, a number, or null/blank for auto.
   *
   * @throws IllegalParameterException naming the parameter, the value and what is accepted
   */
  public static Hyperparameters parse(String epochs, String batchSize, String learningRateMultiplier) {
    return new Hyperparameters(
        parseWhole("epochs", epochs, 1, MAX_EPOCHS),
        parseWhole("batchSize", batchSize, 1, MAX_BATCH_SIZE),
        parseMultiplier(learningRateMultiplier));
  }

  /** {@code n_epochs=3, batch_size=auto, learning_rate_multiplier=auto}, in the API's words. */
  public String describe() {
    return "n_epochs=" + epochs.map(String::valueOf).orElse("auto")
        + ", batch_size=" + batchSize.map(String::valueOf).orElse("auto")
        + ", learning_rate_multiplier=" + learningRateMultiplier.map(String::valueOf).orElse("auto");
  }

  private static Optional<Integer> parseWhole(String parameter, String text, int min, int max) {
    if (isAuto(text)) {
      return Optional.empty();
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below with what is accepted
    }
    throw new IllegalParameterException(parameter, "must be auto or a whole number from " + min + " to " + max
        + ", got '" + shown(text) + "'");
  }

  private static Optional<Double> parseMultiplier(String text) {
    if (isAuto(text)) {
      return Optional.empty();
    }
    try {
      double value = Double.parseDouble(text.strip());
      if (value > 0.0 && value <= MAX_LEARNING_RATE_MULTIPLIER) {
        return Optional.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below with what is accepted
    }
    throw new IllegalParameterException("learningRateMultiplier", "must be auto or a number above 0 and at most "
        + MAX_LEARNING_RATE_MULTIPLIER + ", got '" + shown(text) + "'");
  }

  private static boolean isAuto(String text) {
    return text == null || text.isBlank() || text.strip().toLowerCase(Locale.ROOT).equals("auto");
  }

  private static void requireRange(String name, int value, int min, int max) {
    if (value < min || value > max) {
      throw new IllegalArgumentException("the " + name + " must be from " + min + " to " + max + " (or auto), got " + value);
    }
  }

  private static String shown(String text) {
    String line = Text.singleLine(text);
    return line.length() > 40 ? line.substring(0, 40) + "..." : line;
  }
}
