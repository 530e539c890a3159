package org.emodu.intervention.finetune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A local check that a fine-tuning file may be uploaded. {@link FineTuneClient#upload} runs it before
 * any byte leaves the machine, because a job that fails on line 17 of a file that could have been
 * checked locally wastes money and an hour.
 *
 * <p>A check reports problems as readable sentences that name the line or property at fault; an empty
 * list means the file may be uploaded. A check never throws for a bad file: unreadable or missing
 * files are problems too. {@link TrainingFileChecks#standard()} is the check the toolkit uses.
 */
@FunctionalInterface
public interface TrainingFileCheck {

  /** The problems found in {@code file}, in the order found; empty when it may be uploaded. */
  List<String> problems(Path file);

  /**
   * This check, then {@code next} when this one finds nothing: a cheap structural check guards a
   * thorough one from files it cannot even open.
   */
  default TrainingFileCheck andThen(TrainingFileCheck next) {
    Objects.requireNonNull(next, "next");
    return file -> {
      List<String> found = new ArrayList<>(problems(file));
      if (found.isEmpty()) {
        found.addAll(next.problems(file));
      }
      return List.copyOf(found);
    };
  }
}
