package org.emodu.intervention.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class UntrustedTextTest {

  @Test
  void putsTextOnOneLineAndEscapesWhatWouldHideOrReorderIt() {
    assertThat(UntrustedText.printable("  sedih\n\tbanget  ", 40)).isEqualTo("sedih banget");
    assertThat(UntrustedText.printable("abc\u202Edef\u0000\u200B", 40)).isEqualTo("abc\\u202Edef\\u0000\\u200B");
  }

  @Test
  void quotesThePrintableTextForAValueAMessageCites() {
    assertThat(UntrustedText.quoted("assis\ntent\u0007", 40)).isEqualTo("'assis tent\\u0007'");
    assertThat(UntrustedText.quoted("abcdef", 3)).isEqualTo("'abc…'");
  }

  @Test
  void cutsLongTextByCodePoints() {
    assertThat(UntrustedText.printable("😀".repeat(10), 3)).isEqualTo("😀😀😀…");
    assertThat(UntrustedText.printable("abc", 3)).isEqualTo("abc");
  }

  @Property(tries = 1_000)
  void theResultIsShortSingleLineAndVisible(@ForAll String text, @ForAll @IntRange(min = 1, max = 50) int max) {
    String shown = UntrustedText.printable(text, max);

    assertThat(shown.codePointCount(0, shown.length())).isLessThanOrEqualTo(max * 10 + 1);
    assertThat(shown.codePoints()).noneMatch(c -> c == '\n' || c == '\r' || Character.getType(c) == Character.CONTROL
        || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
  }
}
