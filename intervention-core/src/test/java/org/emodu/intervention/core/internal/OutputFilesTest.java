package org.emodu.intervention.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.emodu.intervention.core.tools.OutputExistsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {

  @TempDir
  Path directory;

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
    Path target = directory.resolve("out.jsonl");
    Files.writeString(target, "old\n");
    assertThatThrownBy(() -> OutputFiles.write(target, true, writer -> {
      writer.write("half a fi");
      throw new IOException("disk full");
    })).hasMessageContaining("cannot write " + target + ": disk full");
    assertThat(target).hasContent("old");
    try (var listing = Files.list(directory)) {
      assertThat(listing).containsExactly(target);
    }
  }

  @Test
  void anOutputThatIsAnInputIsRefused() throws IOException {
    Path input = directory.resolve("corpus.jsonl");
    Files.writeString(input, "x\n");
    assertThatThrownBy(() -> OutputFiles.checkDistinct(List.of(input), List.of(directory.resolve("./corpus.jsonl"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("inputs are never overwritten");
    assertThatThrownBy(() -> OutputFiles.checkDistinct(List.of(input), List.of(directory.resolve("a"), directory.resolve("a"))))
        .hasMessageContaining("two outputs name the same file");
  }

  @Test
  void aDirectoryIsNotAnOutputFile() {
    assertThatThrownBy(() -> OutputFiles.checkWritable(directory, true)).hasMessageContaining("is a directory");
  }

  @Test
  void anOutputGetsTheSamePermissionsAsAnyNewFile() throws IOException {
    Path plain = Files.createFile(directory.resolve("plain.txt"));
    Path written = directory.resolve("written.txt");

    OutputFiles.write(written, false, writer -> writer.write("content"));

    assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
    assertThat(written).hasContent("content");
  }

  @Test
  void anExistingOutputNeedsForceAndSaysSo() throws IOException {
    Path target = Files.writeString(directory.resolve("out.csv"), "old");

    assertThatThrownBy(() -> OutputFiles.write(target, false, new byte[] {1}))
        .isInstanceOf(OutputExistsException.class)
        .hasMessage("already exists: " + target + " (replacing it was not allowed)")
        .satisfies(e -> assertThat(((OutputExistsException) e).path()).isEqualTo(target));
    OutputFiles.write(target, true, "new".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(target).hasContent("new");
  }

  @Test
  void theFirstWriteIntoADirectoryRemovesTemporaryFilesLeftThereByWritesCutShort() throws IOException {
    Instant old = Instant.now().minus(OutputFiles.STALE_AFTER).minusSeconds(60);
    Path stale = temporary(".train.jsonl." + UUID.randomUUID() + ".tmp", old);
    Path recent = temporary(".test.jsonl." + UUID.randomUUID() + ".tmp", Instant.now());
    Path notOurs = temporary(".notes.tmp", old);
    Path visible = temporary("train.jsonl." + UUID.randomUUID() + ".tmp", old);

    OutputFiles.write(directory.resolve("out.jsonl"), false, writer -> writer.write("x\n"));

    assertThat(stale).doesNotExist();
    assertThat(recent).as("possibly a write in progress").exists();
    assertThat(notOurs).exists();
    assertThat(visible).exists();
  }

  @Test
  void aTemporaryFileOfAWriterKilledMidWriteIsRemovedByTheNextRunAndNotBefore() throws Exception {
    Path target = directory.resolve("big.jsonl");
    Process holder = java("hold", target);
    try {
      BufferedReader said = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(said.readLine()).isEqualTo("writing");
      Path left = onlyTemporary();
      Files.setLastModifiedTime(left, FileTime.from(Instant.now().minus(OutputFiles.STALE_AFTER).minusSeconds(60)));

      // A run while the writer is alive leaves its file alone, however old it looks: the writer holds its lock.
      assertThat(java("write", directory.resolve("other.jsonl")).waitFor()).isZero();
      assertThat(left).exists();

      holder.destroyForcibly().waitFor(); // kill -9: no finally block, no cleanup
      assertThat(left).as("left behind by the killed writer").exists();
      assertThat(target).doesNotExist();

      assertThat(java("write", directory.resolve("again.jsonl")).waitFor()).isZero();
      assertThat(left).doesNotExist();
    } finally {
      holder.destroyForcibly();
    }
  }

  private Path temporary(String name, Instant modified) throws IOException {
    Path file = Files.writeString(directory.resolve(name), "{\"username\": \"Budi\"}\n");
    Files.setLastModifiedTime(file, FileTime.from(modified));
    return file;
  }

  private Path onlyTemporary() throws IOException {
    try (var listing = Files.list(directory)) {
      List<Path> files = listing.toList();
      assertThat(files).hasSize(1);
      assertThat(files.get(0).getFileName().toString()).startsWith(".big.jsonl.").endsWith(".tmp");
      return files.get(0);
    }
  }

  private static Process java(String mode, Path target) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), InterruptedWriter.class.getName(), mode, target.toString())
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .start();
  }
}
