package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        .hasMessage("already exists: " + target + " (use --force to replace it)");
    OutputFiles.write(target, true, "new".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(target).hasContent("new");
  }
}
