package org.emodu.intervention.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.emodu.intervention.core.generation.OutputPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ExemplarRenderingTest {

  /** A sentence opening: the text's start, or after . ! ? or an emoji, then the first letter. */
  private static final Pattern SENTENCE_OPENING = Pattern.compile(
      "(?:^|[.!?]\\s+|[\\x{1F000}-\\x{1FAFF}\\x{2600}-\\x{27BF}\\x{2300}-\\x{23FF}\\x{2B05}-\\x{2B55}]\\x{FE0F}?\\s+)[^\\p{L}\\s]*(\\p{L})");

  private static Exemplar exemplar(String text) {
    return new Exemplar("x", Emotion.BORED, Reinforcement.POSITIVE, ArcsStrategy.ATTENTION, text, Optional.empty(), "builtin");
  }

  private static InterventionRequest request(String username, String classname, String subject) {
    return InterventionRequest.builder().username(username).emotion("bored").reinforcement("positive").arcs("attention")
        .classname(classname).subject(subject).build();
  }

  @Test
  void aClassNameThatSaysKelasReplacesTheTemplatesOwnKelas() {
    InterventionRequest request = request("Budi", "Kelas 10B", "Fisika");
    assertThat(exemplar("Shout-out di kelas {classname} 🎉").render(request)).isEqualTo("Shout-out di Kelas 10B 🎉");
    assertThat(exemplar("Kelas {classname} makin seru 🎉 {username}").render(request)).isEqualTo("Kelas 10B makin seru 🎉 Budi");
    assertThat(exemplar("Shout-out di kelas {classname} 🎉").render(request("Budi", "kelas 5a", "Fisika")))
        .isEqualTo("Shout-out di kelas 5a 🎉");
    assertThat(exemplar("Shout-out di kelas {classname} 🎉").render(request("Budi", "XII-IPA-1", "Fisika")))
        .isEqualTo("Shout-out di kelas XII-IPA-1 🎉");
    assertThat(exemplar("Shout-out di subkelas {classname} 🎉").render(request)).isEqualTo("Shout-out di subkelas Kelas 10B 🎉");
    assertThat(exemplar("Shout-out di kelas {classname} 🎉").render(request("Budi", "Kelasku", "Fisika")))
        .isEqualTo("Shout-out di kelas Kelasku 🎉");
  }

  @Test
  void aNameOpeningASentenceIsCapitalisedAndOneInsideASentenceIsLeftAsWritten() {
    InterventionRequest request = request("budi", "X-2", "matematika");
    assertThat(exemplar("{username}, ayo mulai 🎉").render(request)).isEqualTo("Budi, ayo mulai 🎉");
    assertThat(exemplar("Halo! {username} siap? 🎉").render(request)).isEqualTo("Halo! Budi siap? 🎉");
    assertThat(exemplar("Tos dulu 🙌 {username} hebat ⭐").render(request)).isEqualTo("Tos dulu 🙌 Budi hebat ⭐");
    assertThat(exemplar("Detektif 🕵️ {username} siap ⭐").render(request)).isEqualTo("Detektif 🕵️ Budi siap ⭐");
    assertThat(exemplar("Hai {username}, {subject} seru ⭐").render(request)).isEqualTo("Hai budi, matematika seru ⭐");
    assertThat(exemplar("Siap? {subject} menunggu ⭐").render(request)).isEqualTo("Siap? Matematika menunggu ⭐");
    assertThat(exemplar("{username}, ayo 🎉").render(request("ñandú", "X", "Y"))).isEqualTo("Ñandú, ayo 🎉");
    assertThat(exemplar("{username}, ayo 🎉").render(request("_budi", "X", "Y"))).isEqualTo("_budi, ayo 🎉");
  }

  static List<Exemplar> builtIn() {
    return ExemplarCorpus.builtIn().exemplars();
  }

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInTemplateReadsRightWithLowerCaseNamesAndAClassNameThatSaysKelas(Exemplar template) {
    String rendered = template.render(request("budi santoso", "Kelas 10B", "pendidikan agama"));
    assertThat(rendered.toLowerCase(Locale.ROOT)).as(template.id()).doesNotContain("kelas kelas");
    Matcher opening = SENTENCE_OPENING.matcher(rendered);
    while (opening.find()) {
      assertThat(Character.isUpperCase(opening.group(1).codePointAt(0)))
          .as("'%s' opens a sentence in: %s", opening.group(1), rendered).isTrue();
    }
    assertThat(rendered).doesNotContain("{");
  }

  @ParameterizedTest
  @MethodSource("builtIn")
  void everyBuiltInTemplateStaysWithinThePolicyForEverySubjectAndClass(Exemplar template) {
    for (String subject : List.of("Pendidikan Agama Islam", "Sejarah", "PJOK", "Bahasa Jawa", "Seni Budaya", "Matematika")) {
      for (String classname : List.of("Kelas 10B", "XII IPA 1")) {
        String rendered = template.render(request("Siti Nurhaliza Putri", classname, subject));
        assertThat(OutputPolicy.standard().check(rendered)).as(rendered).isEmpty();
      }
    }
  }
}
