package org.emodu.intervention.core.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChatTokenCounterTest {

  private final ChatTokenCounter counter = ChatTokenCounter.cl100k();

  @Test
  void countsTextWithCl100k() {
    assertThat(counter.countText("hello world")).isEqualTo(2);
    assertThat(counter.countText("")).isZero();
  }

  @Test
  void addsThreeTokensPerMessageAndThreeToPrimeTheReply() {
    // OpenAI's cookbook example: system "You are a helpful assistant." + user "Hello!" bills 20 tokens
    // for gpt-3.5-turbo-0613 and later: 2 x (3 + 1 role) + 6 + 2 + 3.
    List<ChatMessage> messages = List.of(ChatMessage.system("You are a helpful assistant."), ChatMessage.user("Hello!"));

    assertThat(counter.countPrompt(messages)).isEqualTo(3 + (3 + 1 + 6) + (3 + 1 + 2));
    assertThat(counter.countExample(messages)).isEqualTo(counter.countPrompt(messages) - 3);
  }
}
