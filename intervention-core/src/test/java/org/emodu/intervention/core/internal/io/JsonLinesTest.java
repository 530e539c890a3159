package org.emodu.intervention.core.internal.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonLinesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Test
  void readsOneObjectALine() {
    assertThat(JsonLines.parse("{\"id\": \"a\", \"n\": 1}", 1).path("id").asText()).isEqualTo("a");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "not json|line 7, column 4: not valid JSON: expected a value (a text in double quotes, a number, true, false, null, an object or a list), found 'not'",
      "{a:1}|line 7, column 2: not valid JSON: expected a key in double quotes, found 'a'",
      "{\"a\" 1}|line 7, column 6: not valid JSON: expected : after a key, found '1'",
      "{\"a\":1 \"b\":2}|line 7, column 8: not valid JSON: expected , or } after a value in an object, found '\"'",
      "{\"a\":1|line 7, column 7: not valid JSON: the line ends inside an object opened at column 1 (a } is missing)",
      "[1,2|line 7, column 5: not valid JSON: the line ends inside a list opened at column 1 (a ] is missing)",
      "{\"a\":\"xx|line 7, column 9: not valid JSON: the line ends inside a text (its closing \" is missing)",
      "{\"a\":1]|line 7, column 7: not valid JSON: found ] where a } should close the object opened at column 1",
      "{\"a\":1,\"a\":2}|line 7, column 11: not valid JSON: the key 'a' appears twice in one object",
      "{\"a\":1} {}|line 7, column 9: not valid JSON: more follows the value that ends at column 7; a line holds one value",
      "{\"a\":\"\\q\"}|line 7, column 8: not valid JSON: a text holds the escape \\q, which JSON does not have (write a backslash as \\\\)",
      "{\"a\":01}|line 7, column 7: not valid JSON: a number is malformed (JSON numbers have no leading zeros, and no NaN or Infinity)",
  })
  void saysWhatIsWrongInTheToolkitsWords(String line, String message) {
    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, () -> JsonLines.parse(line, 7));

    assertThat(error).hasMessage(message);
    assertThat(error.reason()).isEqualTo(MalformedLineException.Reason.NOT_JSON);
    assertThat(error.line()).isEqualTo(7);
  }

  @Test
  void aControlCharacterInATextIsNamedByItsCodeNotEchoed() {
    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, () -> JsonLines.parse("{\"a\":\"x\u0001y\"}", 1));

    assertThat(error).hasMessage("line 1, column 8: not valid JSON: a text holds the control character U+0001, which JSON allows only escaped (write \\u0001)");
  }

  @Test
  void tooDeepANestingIsSaidWithoutTheParsersInternals() {
    MalformedLineException error = catchThrowableOfType(MalformedLineException.class, () -> JsonLines.parse("[".repeat(5_000), 3));

    assertThat(error).hasMessageStartingWith("line 3").hasMessageContaining("not valid JSON: the value is nested more than")
        .hasMessageNotContaining("StreamReadConstraints").hasMessageNotContaining("getMax");
  }

  @Test
  void aLongBadTokenIsShortenedAndEscaped() {
    MalformedLineException error = catchThrowableOfType(MalformedLineException.class,
        () -> JsonLines.parse("tru\u202Ee" + "x".repeat(5_000), 1));

    assertThat(error.getMessage()).contains("\\u202E").doesNotContain("\u202E").hasSizeLessThan(300);
  }

  @Test
  void aDocumentCutShortSaysWhereTheUnclosedObjectOpenedByLineAndColumn() {
    JsonProcessingException error = catchThrowableOfType(JsonProcessingException.class,
        () -> MAPPER.readValue("{\n  \"a\" : [1,\n  2", JsonNode.class));
    JsonProcessingException mapped = catchThrowableOfType(JsonProcessingException.class,
        () -> MAPPER.readValue("{\n  \"a\" : {\n", new TypeReference<Map<String, Map<String, Integer>>>() {}));

    assertThat(JsonLines.describeWithPlace(error))
        .isEqualTo("line 3, column 4: the document ends inside a list opened at line 2, column 9 (a ] is missing)");
    assertThat(JsonLines.describeWithPlace(mapped))
        .isEqualTo("line 3, column 1: the document ends inside an object opened at line 2, column 9 (a } is missing)");
  }

  @Test
  void aMapperThatExpectedAnObjectOrFoundMoreSaysSoWithoutJavasTypeNames() {
    JsonProcessingException list = catchThrowableOfType(JsonProcessingException.class,
        () -> MAPPER.readValue("{\"a\": [1]}", new TypeReference<Map<String, Map<String, Integer>>>() {}));
    JsonProcessingException trailing = catchThrowableOfType(JsonProcessingException.class,
        () -> MAPPER.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue("{} []"));

    assertThat(JsonLines.describe(list)).isEqualTo("the key 'a' does not hold an object");
    assertThat(JsonLines.describeWithPlace(trailing))
        .isEqualTo("line 1, column 4: more follows the value, where the document should end; it holds one value");
  }

  @Property(tries = 1_000)
  void noLineMakesAMessageWithTheParsersInternalsOrItsRawBytes(@ForAll String line) {
    try {
      JsonLines.parse(line, 1);
    } catch (MalformedLineException e) {
      assertThat(e.getMessage())
          .doesNotContain("Source:").doesNotContain("REDACTED").doesNotContain("StreamReadFeature")
          .doesNotContain("StreamReadConstraints").doesNotContain("Feature").doesNotContain("(code ")
          .hasSizeLessThan(400);
      if (!line.contains("`")) {
        assertThat(e.getMessage()).doesNotContain("`");
      }
      assertThat(e.getMessage().codePoints()).noneMatch(c -> Character.getType(c) == Character.CONTROL
          || Character.getType(c) == Character.FORMAT || Character.getType(c) == Character.SURROGATE);
    }
  }
}
