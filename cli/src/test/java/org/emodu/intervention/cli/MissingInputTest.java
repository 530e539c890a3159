package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import org.emodu.intervention.core.Settings;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An input that is not there fails alike in every command: one message, one exit code. */
class MissingInputTest {

  @TempDir
  Path directory;

  @ParameterizedTest
  @ValueSource(strings = {
      "dataset import MISSING -o OUT",
      "dataset build MISSING -o OUT",
      "dataset clean MISSING -o OUT",
      "dataset stats MISSING",
      "dataset evalset MISSING -o OUT",
      "evaluate bertscore --candidates MISSING --references MISSING --out OUT",
      "evaluate usage MISSING --out OUT",
      "experiment run --eval-set MISSING --profiles offline --out OUT",
      "finetune upload MISSING",
      "finetune create --training-file MISSING"})
  void aMissingInputIsNamedTheSameWayAndExitsOne(String command) {
    Path missing = directory.resolve("missing.jsonl");
    String[] args = command.replace("MISSING", missing.toString()).replace("OUT", directory.resolve("out").toString()).split(" ");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err),
        () -> Settings.of(Map.of(Settings.OPENAI_API_KEY, "test-key", Settings.OPENAI_BASE_URL, "http://127.0.0.1:9/v1")));

    assertThat(code).as(err.toString()).isEqualTo(ExitCodes.FAILED);
    assertThat(err.toString()).isEqualTo("intervensi: cannot read " + missing + ": no such file" + System.lineSeparator());
  }
}
