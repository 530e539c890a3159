package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.emodu.intervention.core.tools.IllegalParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hyperparameters, file references and the other parts of a job request, as typed on a command line. */
class JobRequestTest {

  @TempDir
  Path directory;

  @Test
  void autoAndBlankLeaveTheChoiceToTheServer() {
    assertThat(Hyperparameters.parse("auto", " AUTO ", null)).isEqualTo(Hyperparameters.AUTO);
    assertThat(Hyperparameters.parse("", null, "auto").describe())
        .isEqualTo("n_epochs=auto, batch_size=auto, learning_rate_multiplier=auto");
  }

  @Property
  void epochsInRangeAreAccepted(@ForAll @IntRange(min = 1, max = 50) int epochs) {
    assertThat(Hyperparameters.parse(String.valueOf(epochs), null, null).epochs()).contains(epochs);
  }

  @Property
  void epochsOutOfRangeAreRefusedNamingTheParameterAndTheRange(@ForAll int epochs) {
    if (epochs >= 1 && epochs <= 50) {
      return;
    }
    assertThatThrownBy(() -> Hyperparameters.parse(String.valueOf(epochs), null, null))
        .isInstanceOf(IllegalParameterException.class)
        .hasMessage("epochs must be auto or a whole number from 1 to 50, got '" + epochs + "'");
  }

  @Property
  void batchSizesAndMultipliersInRangeAreAccepted(@ForAll @IntRange(min = 1, max = 256) int batch,
      @ForAll @DoubleRange(min = 0.01, max = 10.0) double multiplier) {
    Hyperparameters parsed = Hyperparameters.parse(null, String.valueOf(batch), String.valueOf(multiplier));

    assertThat(parsed.batchSize()).contains(batch);
    assertThat(parsed.learningRateMultiplier()).contains(multiplier);
  }

  @Property
  void anyWordIsParsedOrRefusedNamingTheParameter(@ForAll String epochs, @ForAll String batch, @ForAll String multiplier) {
    try {
      assertThat(Hyperparameters.parse(epochs, batch, multiplier)).isNotNull();
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).matches("(epochs|batchSize|learningRateMultiplier) must be auto or .*");
    }
  }

  @Test
  void refusesAMultiplierOfZeroAndText() {
    assertThatThrownBy(() -> Hyperparameters.parse(null, null, "0"))
        .hasMessage("learningRateMultiplier must be auto or a number above 0 and at most 10.0, got '0'");
    assertThatThrownBy(() -> Hyperparameters.parse(null, "big", null))
        .hasMessage("batchSize must be auto or a whole number from 1 to 256, got 'big'");
  }

  @Test
  void aFileReferenceIsAnExistingPathOrAFileId() {
    Path training = TestFiles.training(directory, "train.jsonl", 1);

    assertThat(FileReference.parse("--training-file", training.toString()).path()).contains(training);
    assertThat(FileReference.parse("--training-file", "file-7Qm2XyZaBcDe").fileId()).contains("file-7Qm2XyZaBcDe");
    assertThatThrownBy(() -> FileReference.parse("--training-file", directory.resolve("missing.jsonl").toString()))
        .hasMessageEndingWith("is neither an existing file nor an uploaded file id (file-...)")
        .hasMessageStartingWith("--training-file '");
    assertThatThrownBy(() -> FileReference.parse("--validation-file", " "))
        .hasMessage("--validation-file is empty; give a .jsonl path or an uploaded file id (file-...)");
  }

  @Property
  void anyTextIsAReferenceOrRefusedNamingTheOption(@ForAll String text) {
    try {
      FileReference reference = FileReference.parse("--training-file", text);
      assertThat(reference.path().isPresent()).isNotEqualTo(reference.fileId().isPresent());
    } catch (IllegalArgumentException e) {
      assertThat(e.getMessage()).startsWith("--training-file");
    }
  }

  @Test
  void theSuffixIsCheckedAndTheModelDefaultsToTheSeedStudys() {
    JobRequest request = JobRequest.builder(FileReference.ofId("file-abc")).suffix("  intervensi-v2 ").build();

    assertThat(request.model()).isEqualTo("gpt-3.5-turbo-0125");
    assertThat(request.suffix()).contains("intervensi-v2");
    assertThat(JobRequest.builder(FileReference.ofId("file-abc")).suffix(" ").build().suffix()).isEmpty();
    assertThatThrownBy(() -> JobRequest.builder(FileReference.ofId("file-abc")).suffix("kelas XII").build())
        .hasMessage("suffix must be 1 to 64 letters, digits, dots, dashes or underscores, got 'kelas XII'");
    assertThatThrownBy(() -> JobRequest.builder(FileReference.ofId("file-abc")).model(" ").build())
        .hasMessageStartingWith("model is empty");
  }

  @Test
  void autoAndAnAbsentValueHaveTheSameFingerprintButAnyChosenValueDiffers() {
    JobParameters automatic = new JobParameters("file-a", Optional.empty(), "gpt-3.5-turbo-0125", Hyperparameters.AUTO,
        Optional.empty(), Optional.empty());
    JobParameters parsed = new JobParameters("file-a", Optional.empty(), "gpt-3.5-turbo-0125",
        Hyperparameters.parse("auto", "", null), Optional.empty(), Optional.empty());
    JobParameters seeded = new JobParameters("file-a", Optional.empty(), "gpt-3.5-turbo-0125", Hyperparameters.AUTO,
        Optional.empty(), Optional.of(7L));

    assertThat(parsed.fingerprint()).isEqualTo(automatic.fingerprint()).hasSize(64);
    assertThat(seeded.fingerprint()).isNotEqualTo(automatic.fingerprint());
  }
}
