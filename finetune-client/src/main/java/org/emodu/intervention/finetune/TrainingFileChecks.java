package org.emodu.intervention.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.emodu.intervention.dataset.FineTuningFileValidator;
import org.emodu.intervention.dataset.ValidationError;
import org.emodu.intervention.dataset.ValidationReport;

/**
 * The training-file checks the toolkit ships. {@link #standard()} is the one the command line and the
 * examples use; the dataset tools' validator plugs in there, so every caller gets it at once.
 */
public final class TrainingFileChecks {

  private TrainingFileChecks() {}

  /**
   * The check run before every upload: {@link #structural()}, then the dataset tools' validator
   * ({@link FineTuningFileValidator}) over the content, the checks OpenAI documents for chat
   * fine-tuning files. Each problem names its line and kind.
   */
  public static TrainingFileCheck standard() {
    return structural().andThen(TrainingFileChecks::contentProblems);
  }

  private static List<String> contentProblems(Path file) {
    ValidationReport report = new FineTuningFileValidator().validate(file);
    List<String> problems = report.errors().stream().map(ValidationError::toString).collect(Collectors.toList());
    if (report.totalErrors() > problems.size()) {
      problems.add("... and " + (report.totalErrors() - problems.size()) + " more; FineTuningFileValidator.validate(" + file + ") reports them all");
    }
    return problems;
  }

  /**
   * What can be known without reading the content: the file exists, is a regular readable file, is
   * not empty, and has the {@code .jsonl} name the fine-tuning API demands.
   */
  public static TrainingFileCheck structural() {
    return TrainingFileChecks::structuralProblems;
  }

  private static List<String> structuralProblems(Path file) {
    if (!Files.exists(file)) {
      return List.of("no such file: " + file);
    }
    if (!Files.isRegularFile(file)) {
      return List.of(file + " is not a regular file");
    }
    if (!Files.isReadable(file)) {
      return List.of(file + " cannot be read; check its permissions");
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      return List.of(file + " cannot be read: " + e.getMessage());
    }
    if (size == 0) {
      return List.of(file + " is empty; write it with FineTuningFileBuilder");
    }
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".jsonl")) {
      return List.of(file + " must be a JSON Lines file named *.jsonl; the fine-tuning API refuses other names");
    }
    return List.of();
  }
}
