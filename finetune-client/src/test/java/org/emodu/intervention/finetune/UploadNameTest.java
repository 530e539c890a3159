package org.emodu.intervention.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class UploadNameTest {

  private static final String HASH = "490338baa344ea17" + "0".repeat(48);

  @Test
  void putsTheShortHashBeforeTheExtension() {
    assertThat(UploadName.of("train.jsonl", HASH)).isEqualTo("train.sha256-490338baa344ea17.jsonl");
    assertThat(UploadName.of("data.v2.jsonl", HASH)).isEqualTo("data.v2.sha256-490338baa344ea17.jsonl");
    assertThat(UploadName.of("train", HASH)).isEqualTo("train.sha256-490338baa344ea17");
    assertThat(UploadName.of(".jsonl", HASH)).isEqualTo(".jsonl.sha256-490338baa344ea17");
  }

  @Test
  void refusesSomethingThatIsNotASha256() {
    assertThatThrownBy(() -> UploadName.of("train.jsonl", "490338"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sha256 must be 64 lower-case hex digits");
  }

  @Property
  void keepsTheExtensionAndCarriesTheHashSoDifferentContentNeverSharesAName(
      @ForAll @AlphaChars @NumericChars @StringLength(min = 1, max = 40) String stem,
      @ForAll @Size(32) byte[] digest, @ForAll @Size(32) byte[] other) {
    String hash = HexFormat.of().formatHex(digest);
    String otherHash = HexFormat.of().formatHex(other);

    String name = UploadName.of(stem + ".jsonl", hash);

    assertThat(name).isEqualTo(stem + ".sha256-" + hash.substring(0, UploadName.HASH_DIGITS) + ".jsonl");
    if (!hash.substring(0, UploadName.HASH_DIGITS).equals(otherHash.substring(0, UploadName.HASH_DIGITS))) {
      assertThat(UploadName.of(stem + ".jsonl", otherHash)).isNotEqualTo(name);
    }
  }
}
