package org.emodu.intervention.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatRequest;
import org.emodu.intervention.core.chat.TokenUsage;
import org.emodu.intervention.core.openai.BatchRecord;
import org.emodu.intervention.core.openai.ChatBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call journal keeps a batch run's batches beside its answers, and reads both back. */
class CallJournalBatchesTest {

  private static final String SHA = "a".repeat(64);

  @TempDir
  Path directory;

  @Test
  void batchesSurviveAReopenBesideTheAnswersAndTheLatestRecordOfAnInputWins() {
    Path file = directory.resolve("journal.jsonl");
    String key = CallJournal.key("paraphrase", "e1", 1, new ChatRequest("gpt-test", List.of(ChatMessage.user("u")), 150, 0.9));
    try (CallJournal journal = CallJournal.open(file)) {
      ChatBatch.Journal batches = journal.batches();
      batches.record(new BatchRecord(SHA, "file-1", "", false));
      journal.record(new CallJournal.Entry(key, "paraphrase", "e1", 1, "Wah", "gpt-test", new TokenUsage(1, 2, 3)));
      batches.record(new BatchRecord(SHA, "file-1", "batch_1", false));
    }

    try (CallJournal reopened = CallJournal.open(file)) {
      assertThat(reopened.loaded()).isEqualTo(1);
      assertThat(reopened.find(key)).hasValueSatisfying(entry -> assertThat(entry.reply()).isEqualTo("Wah"));
      assertThat(reopened.batches().find(SHA)).contains(new BatchRecord(SHA, "file-1", "batch_1", false));
      assertThat(reopened.openBatches()).extracting(BatchRecord::batchId).containsExactly("batch_1");
      reopened.batches().record(new BatchRecord(SHA, "file-1", "batch_1", true));
      assertThat(reopened.openBatches()).isEmpty();
      assertThat(reopened.batches().collectedBatches()).containsExactly("batch_1");
    }
  }

  @Test
  void aBatchLineCutShortByACrashIsIgnoredLikeAnAnswerLine() throws IOException {
    Path file = directory.resolve("journal.jsonl");
    try (CallJournal journal = CallJournal.open(file)) {
      journal.batches().record(new BatchRecord(SHA, "file-1", "batch_1", false));
    }
    String line = Files.readString(file).strip();
    Files.writeString(file, line + "\n" + line.substring(0, line.length() / 2), StandardCharsets.UTF_8);

    try (CallJournal reopened = CallJournal.open(file)) {
      assertThat(reopened.openBatches()).extracting(BatchRecord::batchId).containsExactly("batch_1");
    }
  }
}
