package org.emodu.intervention.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every bad request is answered in JSON with its status and each offending field named. */
class BadRequestTableTest {

  private static final String JSON = "application/json";
  private static final String GOOD_BODY =
      "\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"XII-IPA-1\",\"subject\":\"Fisika\"";
  private static final String SECRET_KEY = "sk-test-0123456789abcdef";

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.offline(Map.of("OPENAI_API_KEY", SECRET_KEY));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static Stream<Arguments> badRequests() {
    String longName = "B".repeat(65);
    String longText = "K".repeat(121);
    String huge = "x".repeat(2_000);
    List<Arguments> rows = new ArrayList<>();
    // The seed route: GET /openai
    rows.add(seed("no username", "emotion=bosan&classname=X&subject=Fisika", "username"));
    rows.add(seed("no emotion", "username=Budi&classname=X&subject=Fisika", "emotion"));
    rows.add(seed("no classname", "username=Budi&emotion=bosan&subject=Fisika", "classname"));
    rows.add(seed("no subject", "username=Budi&emotion=bosan&classname=X", "subject"));
    rows.add(seed("no parameters at all", "", "username", "emotion", "classname", "subject"));
    rows.add(seed("blank username", "username=&emotion=bosan&classname=X&subject=Fisika", "username"));
    rows.add(seed("spaces for a username", "username=%20%20&emotion=bosan&classname=X&subject=Fisika", "username"));
    rows.add(seed("line breaks for a username", "username=%0A%0D&emotion=bosan&classname=X&subject=Fisika", "username"));
    rows.add(seed("blank emotion", "username=Budi&emotion=&classname=X&subject=Fisika", "emotion"));
    rows.add(seed("blank subject", "username=Budi&emotion=bosan&classname=X&subject=+", "subject"));
    rows.add(seed("unknown emotion", "username=Budi&emotion=sedih+banget&classname=X&subject=Fisika", "emotion"));
    rows.add(seed("unknown reinforcement", "username=Budi&emotion=bosan&reinforcement=netral&classname=X&subject=Fisika",
        "reinforcement"));
    rows.add(seed("unknown arcsmodel", "username=Budi&emotion=bosan&arcsmodel=xyz&classname=X&subject=Fisika", "arcsmodel"));
    rows.add(seed("username over 64 characters", "username=" + longName + "&emotion=bosan&classname=X&subject=Fisika",
        "username"));
    rows.add(seed("classname over 120 characters", "username=Budi&emotion=bosan&classname=" + longText + "&subject=Fisika",
        "classname"));
    rows.add(seed("subject over 120 characters", "username=Budi&emotion=bosan&classname=X&subject=" + longText, "subject"));
    rows.add(seed("emotion of 2000 characters", "username=Budi&emotion=" + huge + "&classname=X&subject=Fisika", "emotion"));
    rows.add(seed("username twice", "username=Budi&username=Sari&emotion=bosan&classname=X&subject=Fisika", "username"));
    rows.add(seed("emotion twice", "username=Budi&emotion=bosan&emotion=sedih&classname=X&subject=Fisika", "emotion"));
    rows.add(seed("arcsmodel twice", "username=Budi&emotion=bosan&arcsmodel=a&arcsmodel=r&classname=X&subject=Fisika",
        "arcsmodel"));
    rows.add(seed("unknown emotion and no subject", "username=Budi&emotion=ngantuk&classname=X", "emotion", "subject"));
    rows.add(Arguments.of("GET /openai: broken percent-encoding", "RAW", "username=%ZZ&emotion=bosan&classname=X&subject=Fisika",
        null, null, 400, List.of("username")));
    rows.add(seed("a username that is not UTF-8 once decoded", "username=%FF%FE&emotion=bosan&classname=X&subject=Fisika",
        "username"));
    rows.add(seed("a subject cut inside a UTF-8 sequence", "username=Budi&emotion=bosan&classname=X&subject=F%C3",
        "subject"));
    rows.add(seed("a parameter name that is not UTF-8", "%FF=1&username=Budi&emotion=bosan&classname=X&subject=Fisika",
        "query"));
    // The typed route: POST /v1/interventions
    rows.add(typed("malformed JSON", JSON, "{\"username\":", 400, "body"));
    rows.add(typed("an array instead of an object", JSON, "[]", 400, "body"));
    rows.add(typed("a string instead of an object", JSON, "\"Budi\"", 400, "body"));
    rows.add(typed("an empty body", JSON, "", 400, "body"));
    rows.add(typed("arrays nested 100 deep", JSON, "[".repeat(100) + "]".repeat(100), 400, "body"));
    rows.add(typed("a number of 200 digits", JSON, "{" + GOOD_BODY + ",\"mood\":" + "7".repeat(200) + "}", 400,
        "body"));
    rows.add(typed("a text of 12,000 characters", JSON, "{" + GOOD_BODY.replace("Fisika", "F".repeat(12_000)) + "}",
        400, "body"));
    rows.add(typed("trailing content after the object", JSON, "{" + GOOD_BODY + "} {}", 400, "body"));
    rows.add(typed("an unknown field", JSON, "{" + GOOD_BODY + ",\"mood\":\"x\"}", 400, "mood"));
    rows.add(typed("the seed's arcsmodel name", JSON, "{" + GOOD_BODY + ",\"arcsmodel\":\"attention\"}", 400, "arcsmodel"));
    rows.add(typed("a field given twice", JSON, "{" + GOOD_BODY + ",\"username\":\"Sari\"}", 400, "username"));
    rows.add(typed("no username", JSON, "{\"emotion\":\"bosan\",\"classname\":\"X\",\"subject\":\"Fisika\"}", 400,
        "username"));
    rows.add(typed("no emotion", JSON, "{\"username\":\"Budi\",\"classname\":\"X\",\"subject\":\"Fisika\"}", 400,
        "emotion"));
    rows.add(typed("null username", JSON,
        "{\"username\":null,\"emotion\":\"bosan\",\"classname\":\"X\",\"subject\":\"Fisika\"}", 400, "username"));
    rows.add(typed("blank username", JSON,
        "{\"username\":\"  \",\"emotion\":\"bosan\",\"classname\":\"X\",\"subject\":\"Fisika\"}", 400, "username"));
    rows.add(typed("a number for the emotion", JSON,
        "{\"username\":\"Budi\",\"emotion\":42,\"classname\":\"X\",\"subject\":\"Fisika\"}", 400, "emotion"));
    rows.add(typed("an array for arcs", JSON, "{" + GOOD_BODY + ",\"arcs\":[\"attention\"]}", 400, "arcs"));
    rows.add(typed("an object for the subject", JSON,
        "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"X\",\"subject\":{\"name\":\"Fisika\"}}", 400,
        "subject"));
    rows.add(typed("unknown reinforcement", JSON, "{" + GOOD_BODY + ",\"reinforcement\":\"maybe\"}", 400,
        "reinforcement"));
    rows.add(typed("unknown arcs", JSON, "{" + GOOD_BODY + ",\"arcs\":\"speed\"}", 400, "arcs"));
    rows.add(typed("username over 64 characters", JSON,
        "{\"username\":\"" + longName + "\",\"emotion\":\"bosan\",\"classname\":\"X\",\"subject\":\"Fisika\"}", 400,
        "username"));
    rows.add(typed("classname over 120 characters", JSON,
        "{\"username\":\"Budi\",\"emotion\":\"bosan\",\"classname\":\"" + longText + "\",\"subject\":\"Fisika\"}", 400,
        "classname"));
    rows.add(typed("several bad fields at once", JSON,
        "{\"username\":\"\",\"emotion\":\"ngantuk\",\"classname\":\"X\",\"subject\":7}", 400,
        "username", "emotion", "subject"));
    rows.add(typed("a text/plain body", "text/plain", "{" + GOOD_BODY + "}", 400, "content-type"));
    rows.add(typed("no content type", null, "{" + GOOD_BODY + "}", 400, "content-type"));
    rows.add(typed("an XML content type", "application/xml", "<username>Budi</username>", 400, "content-type"));
    rows.add(typed("a form body", "application/x-www-form-urlencoded", "username=Budi", 400, "content-type"));
    rows.add(typed("a body over 16 KiB", JSON,
        "{" + GOOD_BODY + ",\"subject\":\"" + "F".repeat(17_000) + "\"}", 413, "body"));
    // More than the sockets buffer: answered only once the server has read it, not reset under the client.
    rows.add(typed("a body of 600 KB", JSON,
        "{" + GOOD_BODY + ",\"subject\":\"" + "F".repeat(600_000) + "\"}", 413, "body"));
    return rows.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRequests")
  void answersWithTheStatusAndNamesEachOffendingField(String description, String method, String pathOrQuery,
      String contentType, String body, int status, List<String> fields) {
    int answeredStatus;
    String contentTypeAnswered;
    String answer;
    if (method.equals("RAW")) {
      TestServer.RawResponse raw = server.rawGet("/openai?" + pathOrQuery);
      answeredStatus = raw.status();
      contentTypeAnswered = raw.head().toLowerCase(java.util.Locale.ROOT).contains("content-type: application/json")
          ? "application/json" : raw.head();
      answer = raw.body();
    } else {
      HttpResponse<String> response = method.equals("GET")
          ? server.get("/openai?" + pathOrQuery)
          : server.post("/v1/interventions", contentType, body);
      answeredStatus = response.statusCode();
      contentTypeAnswered = response.headers().firstValue("Content-Type").orElse("");
      answer = response.body();
    }

    assertThat(answeredStatus).as(description).isEqualTo(status);
    assertThat(contentTypeAnswered).startsWith("application/json");
    JsonNode error = TestServer.json(answer);
    assertThat(error.path("status").asText()).isEqualTo("error");
    assertThat(error.path("fields")).extracting(JsonNode::asText).containsExactlyElementsOf(fields);
    assertThat(error.path("problems")).hasSize(fields.size());
    assertThat(error.path("message").asText()).isNotBlank();
    assertThat(error.path("requestId").asText()).isNotBlank();
    assertThat(answer).doesNotContain(SECRET_KEY, "Exception", "\tat ", "org.emodu")
        // No parser internals.
        .doesNotContain("StreamReadConstraints", "REDACTED", "Source:", "jackson", "getMax");
  }

  @org.junit.jupiter.api.Test
  void theTableHoldsAtLeastFortyRows() {
    assertThat(badRequests().count()).isGreaterThanOrEqualTo(40);
  }

  @org.junit.jupiter.api.Test
  void unknownValuesAreAnsweredWithTheAcceptedOnes() {
    JsonNode error = TestServer.json(server.get("/openai?username=Budi&emotion=ngantuk&classname=X&subject=Fisika"));

    assertThat(error.path("problems").get(0).path("message").asText())
        .contains("ngantuk", "bored (bosan)", "confused (bingung)");
  }

  private static Arguments seed(String description, String query, String... fields) {
    return Arguments.of("GET /openai: " + description, "GET", query, null, null, 400, List.of(fields));
  }

  private static Arguments typed(String description, String contentType, String body, int status, String... fields) {
    return Arguments.of("POST /v1/interventions: " + description, "POST", null, contentType, body, status,
        List.of(fields));
  }
}
