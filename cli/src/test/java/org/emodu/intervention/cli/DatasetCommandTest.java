package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.emodu.intervention.core.Settings;
import org.emodu.intervention.core.internal.Json;
import org.emodu.intervention.testing.openai.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCommandTest {

  @TempDir
  Path directory;

  private record Run(int code, String out, String err) {}

  private Run run(Map<String, String> settings, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(args, new PrintWriter(out), new PrintWriter(err), () -> Settings.of(settings));
    return new Run(code, out.toString(), err.toString());
  }

  private Run run(String... args) {
    return run(Map.of(), args);
  }

  private String path(String name) {
    return directory.resolve(name).toString();
  }

  @Test
  void theWholeDataPathFromACsvEndsInFilesThatValidate() throws IOException {
    StringBuilder csv = new StringBuilder("Emosi;Penguatan;Strategi;Kalimat\n");
    String[][] rows = {
        {"bosan", "positif", "perhatian", "Hai {username}, tebak fakta unik {subject} hari ini, yang benar dapat bintang ⭐"},
        {"bingung", "negatif", "percaya diri", "Santai aja {username} 😊 kerjakan satu soal dulu, kalau benar latihan tambahan dihapus"},
        {"sedih", "positif", "kepuasan", "{username}, usahamu hari ini keren banget 💪 kamu dapat badge Pantang Menyerah"},
        {"senang", "positif", "relevansi", "Mood bagus nih {username} 😄 materi {subject} ini kepake buat cita-citamu nanti"},
        {"marah", "negatif", "relevansi", "Tarik napas dulu {username} 🌿 selesaikan bagian ini dan PR minggu ini dikurangi"},
        {"takut", "negatif", "percaya diri", "Nggak apa-apa salah, {username} 🙂 coba jawab satu nomor, kuis susulan ditiadakan"}};
    for (String[] row : rows) {
      csv.append(String.join(";", row)).append('\n');
    }
    Files.writeString(directory.resolve("experts.csv"), csv);

    assertThat(run("dataset", "import", path("experts.csv"), "-o", path("expert.jsonl")).code()).isZero();
    Run augment = run("dataset", "augment", path("expert.jsonl"), "-o", path("augmented.jsonl"), "--per-item", "2", "--seed", "7");
    assertThat(augment.code()).isZero();
    assertThat(augment.out()).contains("6 inputs and");
    assertThat(run("dataset", "clean", path("augmented.jsonl"), "-o", path("clean.jsonl"), "--report", path("report.jsonl")).code()).isZero();
    Run split = run("dataset", "split", path("clean.jsonl"), "--test", "0.2", "--seed", "7", "--out-dir", path("split"));
    assertThat(split.code()).as(split.err()).isZero();
    assertThat(run("dataset", "build", path("split/train.jsonl"), "-o", path("train-chat.jsonl")).code()).isZero();
    assertThat(run("dataset", "build", path("split/test.jsonl"), "-o", path("test-chat.jsonl")).code()).isZero();

    Run validTrain = run("dataset", "validate", path("train-chat.jsonl"));
    assertThat(validTrain.code()).as(validTrain.out()).isZero();
    assertThat(validTrain.out()).startsWith("valid: ");
    Run validTest = run("dataset", "validate", path("test-chat.jsonl"), "--min-examples", "1");
    assertThat(validTest.code()).as(validTest.out()).isZero();
    Run stats = run("dataset", "stats", path("train-chat.jsonl"), "--epochs", "3", "--price-per-million", "8");
    assertThat(stats.code()).isZero();
    assertThat(stats.out()).contains("tokens per example:", "billed training tokens:", "estimated cost: $0.");
  }

  @Test
  void validateExitsOneAndListsErrorsByLineAndKind() throws IOException {
    Files.writeString(directory.resolve("bad.jsonl"), "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}\nnot json\n");
    Run validate = run("dataset", "validate", path("bad.jsonl"));
    assertThat(validate.code()).isEqualTo(1);
    assertThat(validate.out()).contains(path("bad.jsonl") + ":1: example_missing_assistant_message: ")
        .contains(path("bad.jsonl") + ":2: invalid_json: ")
        .contains(path("bad.jsonl") + ": too_few_examples: ")
        .contains("has 3 error(s): example_missing_assistant_message 1, invalid_json 1, too_few_examples 1");
  }

  @Test
  void anExistingOutputNeedsForceAndAnInputIsNeverAnOutput() throws IOException {
    Path output = directory.resolve("out.jsonl");
    Files.writeString(output, "keep\n");
    Run refused = run("dataset", "build", "builtin", "-o", output.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("already exists: " + output + " (use --force to replace it)");
    assertThat(output).hasContent("keep");
    assertThat(run("dataset", "build", "builtin", "-o", output.toString(), "--force").code()).isZero();

    Run same = run("dataset", "clean", output.toString(), "-o", output.toString());
    assertThat(same.code()).isEqualTo(2);
    assertThat(same.err()).contains("inputs are never overwritten");
  }

  @Test
  void importListsUnreadableRowsAndWritesNothingUnlessAsked() throws IOException {
    Files.writeString(directory.resolve("e.csv"), "emotion,reinforcement,arcs,text\nbored,positive,attention,Ayo {username} 😄\ngalau,positive,attention,Hai 😊\n");
    Run refused = run("dataset", "import", path("e.csv"), "-o", path("e.jsonl"));
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err()).contains("row 2 (line 3): emotion 'galau' is not recognised");
    assertThat(directory.resolve("e.jsonl")).doesNotExist();
    assertThat(run("dataset", "import", path("e.csv"), "-o", path("e.jsonl"), "--skip-bad-rows").code()).isZero();
    assertThat(Files.readAllLines(directory.resolve("e.jsonl"))).hasSize(1);
  }

  @Test
  void importRefusesAnUnbalancedQuoteNamingItsRowAndWritesNothingEvenWhenSkippingBadRows() throws IOException {
    Files.writeString(directory.resolve("q.csv"), "emotion,reinforcement,arcs,text\n"
        + "happy,positive,attention,Hore {username} 🎉\n"
        + "bored,positive,attention,\"Halo {username} semangat ya 😊\n"
        + "bored,positive,attention,Ayo \"coba\" lagi {username} 🚀\n");

    for (String[] extra : new String[][] {{}, {"--skip-bad-rows"}}) {
      List<String> args = new java.util.ArrayList<>(List.of("dataset", "import", path("q.csv"), "-o", path("q.jsonl")));
      args.addAll(List.of(extra));
      Run refused = run(args.toArray(String[]::new));

      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).startsWith("intervensi: " + path("q.csv") + ": row 2 (line 3): a quoted field in the row that"
          + " starts on this line is not closed").doesNotContain("Exception").doesNotContain("\tat ");
      assertThat(directory.resolve("q.jsonl")).doesNotExist();
    }
  }

  @Test
  void aHugeLineIsRefusedByEveryCommandNamingTheFileTheLineAndTheLimit() throws IOException {
    Path corpus = directory.resolve("huge.jsonl");
    Files.writeString(corpus, "{\"id\":\"a\",\"emotion\":\"bored\",\"reinforcement\":\"positive\",\"arcs\":\"attention\","
        + "\"text\":\"Hai {username} 😊\"}\n{\"id\":\"b\",\"text\":\"" + "a".repeat(2 << 20) + "\"}\n");
    Files.writeString(directory.resolve("huge.csv"), "emotion,reinforcement,arcs,text\nbored,positive,attention," + "a".repeat(2 << 20) + "\n");

    List<Run> runs = List.of(
        run("dataset", "clean", corpus.toString(), "-o", path("c.jsonl")),
        run("dataset", "augment", corpus.toString(), "-o", path("a.jsonl")),
        run("dataset", "split", corpus.toString(), "--out-dir", path("split")),
        run("dataset", "import", path("huge.csv"), "-o", path("i.jsonl")));

    for (Run refused : runs.subList(0, 3)) {
      assertThat(refused.code()).isEqualTo(2);
      assertThat(refused.err()).isEqualTo("intervensi: the exemplar corpus huge.jsonl has 1 problem(s): line 2: the line is longer"
          + " than 1 MiB, the most one line may hold, and was not read; no entry of such a file comes close (is it the file you meant?)"
          + System.lineSeparator());
    }
    assertThat(runs.get(3).code()).isEqualTo(2);
    assertThat(runs.get(3).err()).startsWith("intervensi: " + path("huge.csv") + ": line 2: the line is longer than 1 MiB");
  }

  @Test
  void aFileThatIsNotUtf8IsNamedByLineAndByteWithTheFix() throws IOException {
    Files.write(directory.resolve("latin.csv"), "emotion,reinforcement,arcs,text\nbored,positive,attention,Caf\u00e9 {username} 😊\n"
        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));

    Run refused = run("dataset", "import", path("latin.csv"), "-o", path("l.jsonl"));

    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.err()).startsWith("intervensi: " + path("latin.csv") + ": line 2: not UTF-8: byte 29 of the line (offset 60 in the file) is 0xE9")
        .contains("save it as UTF-8").doesNotContain("Input length");
  }

  @Test
  void modelAugmentationWithoutAKeyNamesTheMissingSetting() {
    Run run = run("dataset", "augment", "builtin", "-o", path("p.jsonl"), "--methods", "paraphrase");
    assertThat(run.code()).isEqualTo(2);
    assertThat(run.err()).contains("OPENAI_API_KEY");
  }

  @Test
  void paraphrasesThroughAnOpenAiCompatibleServerAndResumesFromTheJournal() throws IOException {
    try (MockWebServer server = new MockWebServer()) {
      int[] requests = new int[1];
      server.setDispatcher(new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest request) {
          requests[0]++;
          try {
            JsonNode body = Json.mapper().readTree(request.getBody().readUtf8());
            String user = body.path("messages").get(1).path("content").asText();
            return Fixtures.chatCompletion("Wah, " + user.substring(user.indexOf("Message: ") + 9));
          } catch (IOException e) {
            return new MockResponse().setResponseCode(500);
          }
        }
      });
      server.start();
      Path corpus = directory.resolve("small.jsonl");
      Files.writeString(corpus, String.join("\n",
          "{\"id\":\"a\",\"emotion\":\"bored\",\"reinforcement\":\"positive\",\"arcs\":\"attention\",\"text\":\"Ayo {username}, tebak soal seru 😄\"}",
          "{\"id\":\"b\",\"emotion\":\"sad\",\"reinforcement\":\"positive\",\"arcs\":\"confidence\",\"text\":\"Kamu pasti bisa, {username} 💪\"}"));
      Map<String, String> settings = Map.of(Settings.OPENAI_API_KEY, "sk-test-secret-123456", Settings.OPENAI_BASE_URL, server.url("/v1").toString());

      Run first = run(settings, "dataset", "augment", corpus.toString(), "-o", path("p.jsonl"), "--methods", "paraphrase", "--model", "gpt-test");
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).contains("2 variants (paraphrase 2)").contains("model calls: 2 paid, 0 from the journal");
      assertThat(Files.readString(directory.resolve("p.jsonl"))).contains("\"text\":\"Wah, Ayo {username}, tebak soal seru 😄\"", "\"origin\":\"augmented:paraphrase\"");
      assertThat(directory.resolve("p.jsonl.journal.jsonl")).exists();

      Run again = run(settings, "dataset", "augment", corpus.toString(), "-o", path("p.jsonl"), "--methods", "paraphrase", "--model", "gpt-test", "--force");
      assertThat(again.code()).isZero();
      assertThat(again.out()).contains("model calls: 0 paid, 2 from the journal");
      assertThat(requests[0]).isEqualTo(2);
      assertThat(first.err() + first.out() + again.err()).doesNotContain("sk-test-secret-123456");
    }
  }
}
