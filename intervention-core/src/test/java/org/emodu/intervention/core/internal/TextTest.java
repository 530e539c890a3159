package org.emodu.intervention.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TextTest {

  // The definition singleLine had before its fast path, kept here as the reference.
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Zl}\\p{Zp}\\u200B-\\u200D\\u2060\\uFEFF]");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  private static String reference(String text) {
    return SPACES.matcher(CONTROL.matcher(text).replaceAll(" ")).replaceAll(" ").strip();
  }

  @Test
  void singleLineReturnsACleanFieldAsItIs() {
    String field = "Siti Nurhaliza, XII-IPA-1 😎 Fisika";

    assertThat(Text.singleLine(field)).isSameAs(field);
  }

  @Test
  void singleLineJoinsLinesDropsInvisibleCharactersAndTrims() {
    assertThat(Text.singleLine("  Budi\r\n\tdan\u2028Sari\u200B  \uFEFF")).isEqualTo("Budi dan Sari");
    assertThat(Text.singleLine("a  b")).isEqualTo("a b");
    assertThat(Text.singleLine("\u3000Budi\u00A0")).isEqualTo("Budi\u00A0".strip());
  }

  @Property(tries = 2000)
  void singleLineMatchesTheRegularExpressionDefinition(@ForAll("texts") String text) {
    assertThat(Text.singleLine(text)).isEqualTo(reference(text));
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(60),
        Arbitraries.strings().withChars("aZ9 .\t\n\r\u000B\f\u0000\u007F\u0085\u00A0\u1680\u2000\u2028\u2029"
            + "\u200B\u200C\u200D\u200E\u2060\u3000\uFEFF😎").ofMaxLength(40),
        Arbitraries.strings().withCharRange('a', 'e').withChars(' ').ofMaxLength(30));
  }
}
