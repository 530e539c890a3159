package org.emodu.intervention.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The libraries' messages name their own parameters, never this command line's options: a library
 * user who calls {@code Augmenter.builder().perItem(0)} is not told about {@code --per-item}. The
 * command line rewords them in {@link Failures}. Comments and Javadoc may mention options; string
 * literals in the libraries' main sources may not.
 */
class LibraryMessagesTest {

  /** The library modules, beside this one in the reactor. */
  private static final List<String> LIBRARIES =
      List.of("intervention-core", "dataset-tools", "finetune-client", "evaluation", "evaluation-report", "live-policy",
          "live-redis", "server-adapter");

  /** A command-line option: two dashes and a letter. */
  private static final Pattern OPTION = Pattern.compile("--[A-Za-z]");

  /** A command of this command line: its name and one of its commands ({@code intervensi dataset build}). */
  private static final Pattern COMMAND =
      Pattern.compile("\\bintervensi (?:generate|serve|dataset|finetune|evaluate|experiment)\\b");

  @Test
  void noLibraryStringNamesACommandLineOption() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<String> found = new ArrayList<>();
    int files = 0;
    for (String library : LIBRARIES) {
      Path sources = root.resolve(library).resolve("src/main/java");
      assertThat(sources).as("the main sources of " + library).isDirectory();
      List<Path> javaFiles;
      try (Stream<Path> walk = Files.walk(sources)) {
        javaFiles = walk.filter(path -> path.toString().endsWith(".java")).sorted().toList();
      }
      for (Path file : javaFiles) {
        files++;
        for (Literal literal : literals(Files.readString(file))) {
          if (OPTION.matcher(literal.text()).find() || COMMAND.matcher(literal.text()).find()) {
            found.add(root.relativize(file) + ":" + literal.line() + ": \"" + literal.text() + "\"");
          }
        }
      }
    }

    assertThat(files).as("library sources scanned").isGreaterThan(50);
    assertThat(found).as("library strings that name a command-line option or command; name the parameter or "
        + "the library operation instead, and let Failures give the option or the command").isEmpty();
  }

  @Test
  void findsOptionsInStringsAndTextBlocksButNotInComments() {
    String source = String.join("\n",
        "/** Javadoc may say {@code --force}. */",
        "class A {",
        "  // so may a comment: --per-item",
        "  /* and a block comment: --limit */",
        "  String a = \"perItem must be at least 1\";",
        "  String b = \"say \\\"--force\\\" here\";",
        "  char c = '\"';",
        "  String d = \"\"\"",
        "      a text block with --port",
        "      \"\"\";",
        "  String e = \"a -- b, and a--\" + x + \"-- 1\";",
        "}");

    List<String> flagged = literals(source).stream()
        .filter(literal -> OPTION.matcher(literal.text()).find())
        .map(literal -> literal.line() + ":" + literal.text().strip())
        .toList();

    assertThat(flagged).containsExactly("6:say \\\"--force\\\" here", "8:a text block with --port");
  }

  @Test
  void findsCommandsButNotTheToolkitsNameOrThreadNames() {
    String source = String.join("\n",
        "/** Javadoc may say {@code intervensi dataset build}. */",
        "class A {",
        "  String a = \"run: intervensi dataset validate \" + file;",
        "  String b = \"intervensi \" + version;",
        "  String c = \"intervensi-deadlines\";",
        "  String d = \"intervensi: \" + problem;",
        "  String e = \"build it with: intervensi experiment run\";",
        "}");

    List<String> flagged = literals(source).stream()
        .filter(literal -> COMMAND.matcher(literal.text()).find())
        .map(literal -> literal.line() + ":" + literal.text().strip())
        .toList();

    assertThat(flagged).containsExactly("3:run: intervensi dataset validate", "7:build it with: intervensi experiment run");
  }

  /** A string literal's text as written (escapes kept) and the line it starts on. */
  record Literal(String text, int line) {}

  /** The string literals and text blocks of a Java source, outside comments and char literals. */
  static List<Literal> literals(String source) {
    List<Literal> literals = new ArrayList<>();
    int line = 1;
    int i = 0;
    while (i < source.length()) {
      char c = source.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (source.startsWith("//", i)) {
        int newline = source.indexOf('\n', i);
        i = newline < 0 ? source.length() : newline;
      } else if (source.startsWith("/*", i)) {
        int close = source.indexOf("*/", i + 2);
        close = close < 0 ? source.length() : close + 2;
        line += count(source, i, close);
        i = close;
      } else if (source.startsWith("\"\"\"", i)) {
        int close = closing(source, i + 3, "\"\"\"");
        literals.add(new Literal(source.substring(i + 3, close), line));
        line += count(source, i, close);
        i = close + 3;
      } else if (c == '"' || c == '\'') {
        int close = closing(source, i + 1, String.valueOf(c));
        if (c == '"') {
          literals.add(new Literal(source.substring(i + 1, close), line));
        }
        i = close + 1;
      } else {
        i++;
      }
    }
    return literals;
  }

  /** Where {@code quote} next closes from {@code from}, stepping over escaped characters. */
  private static int closing(String source, int from, String quote) {
    int i = from;
    while (i < source.length() && !source.startsWith(quote, i)) {
      i += source.charAt(i) == '\\' ? 2 : 1;
    }
    if (i >= source.length()) {
      throw new UncheckedIOException(new IOException("unclosed literal from offset " + from));
    }
    return i;
  }

  private static int count(String source, int from, int to) {
    return (int) source.substring(from, to).chars().filter(ch -> ch == '\n').count();
  }
}
