package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.generation.StrategySelector;

/** Whatever a client sends, the parsers answer a valid request or a 400 naming known fields. */
class RequestsPropertyTest {

  private static final StrategySelector SELECTOR = StrategySelector.standard();

  @Property(tries = 300)
  void anyQueryGivesARequestOrAnErrorNamingSeedParameters(@ForAll("queries") Map<String, List<String>> query) {
    try {
      InterventionRequest request = Requests.fromQuery(query, SELECTOR);
      assertThat(request.username()).isNotBlank().doesNotContain("\n", "\r");
      assertThat(request.reinforcement()).isNotNull();
      assertThat(request.arcs()).isNotNull();
    } catch (ApiError error) {
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.problems()).isNotEmpty()
          .allSatisfy(problem -> assertThat(Requests.SEED_PARAMETERS).contains(problem.field()));
    }
  }

  @Property(tries = 300)
  void anyBodyGivesARequestOrAnErrorNamingAField(@ForAll("bodies") String body) {
    try {
      InterventionRequest request = Requests.fromJson(body.getBytes(StandardCharsets.UTF_8), SELECTOR);
      assertThat(request.subject()).isNotBlank();
    } catch (ApiError error) {
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem.field()).isNotBlank());
    }
  }

  @Property(tries = 300)
  void anyBytesGiveARequestOrAMessageWithoutParserInternals(@ForAll("rawBodies") byte[] body) {
    try {
      Requests.fromJson(body, SELECTOR);
    } catch (ApiError error) {
      assertThat(error.status()).isEqualTo(400);
      assertThat(error.getMessage()).doesNotContain("StreamReadConstraints", "REDACTED", "Source:", "jackson",
          "com.fasterxml", "getMax", "Unexpected character");
      assertThat(error.problems()).isNotEmpty();
    }
  }

  @Property(tries = 200)
  void anyRawQueryStringIsCheckedWithoutSurprises(@ForAll String raw) {
    try {
      Requests.checkEncoding(raw);
    } catch (ApiError error) {
      assertThat(error.status()).isEqualTo(400);
    }
  }

  @Provide
  Arbitrary<byte[]> rawBodies() {
    Arbitrary<String> nested = Arbitraries.integers().between(1, 200)
        .map(depth -> "{\"username\":" + "[".repeat(depth) + "]".repeat(depth) + "}");
    Arbitrary<String> numbers = Arbitraries.integers().between(1, 300).map(digits -> "{\"emotion\":" + "7".repeat(digits) + "}");
    return Arbitraries.oneOf(
        Arbitraries.bytes().array(byte[].class).ofMaxSize(80),
        Arbitraries.oneOf(nested, numbers, bodies()).map(text -> text.getBytes(StandardCharsets.UTF_8)));
  }

  @Provide
  Arbitrary<Map<String, List<String>>> queries() {
    Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(Requests.SEED_PARAMETERS), Arbitraries.strings().ofMaxLength(8));
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of("Budi", "bosan", "SEDIH", "positif", "attention", "Percaya Diri", "XII-IPA-1", "Fisika", "", " "),
        Arbitraries.strings().ofMaxLength(200));
    return Arbitraries.maps(names, values.list().ofMinSize(1).ofMaxSize(2)).ofMaxSize(8).map(HashMap::new);
  }

  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<String> fields = Arbitraries.of("username", "emotion", "reinforcement", "arcs", "classname", "subject", "mood");
    Arbitrary<String> values = Arbitraries.oneOf(
        Arbitraries.of("\"Budi\"", "\"bosan\"", "\"negatif\"", "\"r\"", "\"X\"", "\"Kimia\"", "null", "7", "[]", "{}", "\"\""),
        Arbitraries.strings().ofMaxLength(30).map(text -> "\"" + text.replace("\\", "").replace("\"", "") + "\""));
    Arbitrary<String> members = net.jqwik.api.Combinators.combine(fields, values).as((field, value) -> "\"" + field + "\":" + value);
    return Arbitraries.oneOf(
        members.list().ofMaxSize(8).map(list -> "{" + String.join(",", list) + "}"),
        Arbitraries.strings().ofMaxLength(60));
  }
}
