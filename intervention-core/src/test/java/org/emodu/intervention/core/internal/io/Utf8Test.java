package org.emodu.intervention.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

class Utf8Test {

  @Property(tries = 3_000)
  void findsTheSameFirstBadByteAsJavasStrictDecoder(@ForAll @Size(max = 12) byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CoderResult result = decoder.decode(in, CharBuffer.allocate(bytes.length * 2 + 2), true);
    int expected = result.isError() ? in.position() : -1;

    assertThat(Utf8.firstMalformed(bytes, 0, bytes.length)).isEqualTo(expected);
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(expected < 0);
  }

  @Property(tries = 300)
  void everyEncodedJavaStringIsValid(@ForAll String text) {
    // Lone surrogates become '?' when encoded, so every encoded Java string is well-formed.
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isTrue();
  }
}
