package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.emodu.intervention.core.generation.StrategySelector;
import org.junit.jupiter.api.Test;

/** A body the parser cannot read is described in the project's words: what is wrong and where, no parser internals. */
class RequestsTest {

  private static final StrategySelector SELECTOR = StrategySelector.standard();

  @Test
  void invalidJsonIsNamedWithItsLineAndColumn() {
    assertThat(message("{\"a\":tru}")).startsWith("the body is not valid JSON at line 1, column 10;");
    assertThat(message("{\n  \"username\": Budi\n}")).startsWith("the body is not valid JSON at line 2, column ");
  }

  @Test
  void aBodyThatEndsEarlyIsSaidToEndEarly() {
    assertThat(message("{\"username\":\"Budi\"")).startsWith("the body ends before its JSON is complete at line 1");
  }

  @Test
  void bytesThatAreNotUtf8AreSaidToBeNotUtf8() {
    byte[] body = {'{', '"', 'u', '"', ':', '"', (byte) 0xFF, (byte) 0xFE, '"', '}'};

    assertThat(message(body)).startsWith("the body is not UTF-8 at line 1, column").contains("send JSON encoded as UTF-8");
  }

  @Test
  void nestingNumbersAndTextsPastTheLimitsAreNamedWithTheLimits() {
    assertThat(message("[".repeat(40) + "]".repeat(40)))
        .startsWith("the body nests arrays or objects more than " + Requests.MAX_NESTING + " levels deep");
    assertThat(message("{\"emotion\":" + "9".repeat(150) + "}"))
        .startsWith("a number in the body is longer than " + Requests.MAX_NUMBER_LENGTH + " digits");
    assertThat(message("{\"subject\":\"" + "F".repeat(Requests.MAX_JSON_TEXT + 10) + "\"}"))
        .startsWith("a text field is longer than " + Requests.MAX_JSON_TEXT + " characters");
    assertThat(message("{\"" + "k".repeat(Requests.MAX_JSON_TEXT + 10) + "\":1}"))
        .startsWith("a field name in the body is longer than " + Requests.MAX_JSON_TEXT + " characters");
  }

  @Test
  void aRawQueryWithEscapesThatAreNotUtf8NamesTheParameter() {
    ApiError error = catchThrowableOfType(ApiError.class,
        () -> Requests.checkEncoding("username=%FF%FE&emotion=bosan"));

    assertThat(error.problems()).extracting(problem -> problem.field()).containsExactly("username");
    assertThat(error.getMessage()).contains("username is not UTF-8 text once URL-decoded").doesNotContain("%FF");
  }

  @Test
  void aRawQueryOfUtf8EscapesPasses() {
    Requests.checkEncoding("username=Bud%C3%AD&subject=Fisika+%F0%9F%A7%AA&arcsmodel=Percaya%20Diri");
  }

  private static String message(String body) {
    return message(body.getBytes(StandardCharsets.UTF_8));
  }

  private static String message(byte[] body) {
    ApiError error = catchThrowableOfType(ApiError.class, () -> Requests.fromJson(body, SELECTOR));
    assertThat(error).as("an error for the body").isNotNull();
    assertThat(error.status()).isEqualTo(400);
    assertThat(error.problems()).extracting(problem -> problem.field()).containsExactly("body");
    assertThat(error.getMessage()).doesNotContain("StreamReadConstraints", "REDACTED", "Source", "jackson", "get");
    return error.getMessage();
  }
}
