package org.emodu.intervention.core.chat;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import java.util.List;

/**
 * Counts the prompt tokens of chat messages the way OpenAI bills them for GPT-3.5 and GPT-4:
 * {@code cl100k_base} tokens of each message's role and content, plus 3 tokens of framing per
 * message and 3 that prime the assistant's reply. Thread-safe.
 */
public final class ChatTokenCounter {

  /** Framing tokens around each message ({@code <|start|>role\n ... <|end|>}). */
  public static final int TOKENS_PER_MESSAGE = 3;

  /** Tokens that prime the reply ({@code <|start|>assistant<|message|>}). */
  public static final int REPLY_PRIMING_TOKENS = 3;

  private static final Encoding CL100K = Encodings.newLazyEncodingRegistry().getEncoding(EncodingType.CL100K_BASE);

  private final Encoding encoding;

  private ChatTokenCounter(Encoding encoding) {
    this.encoding = encoding;
  }

  /** The GPT-3.5/GPT-4 encoding, {@code cl100k_base}. */
  public static ChatTokenCounter cl100k() {
    return new ChatTokenCounter(CL100K);
  }

  /** Tokens of a plain text, without chat framing. */
  public int countText(String text) {
    return encoding.countTokensOrdinary(text);
  }

  /** Prompt tokens of a conversation as sent, framing and reply priming included. */
  public int countPrompt(List<ChatMessage> messages) {
    int tokens = REPLY_PRIMING_TOKENS;
    for (ChatMessage message : messages) {
      tokens += TOKENS_PER_MESSAGE + countText(message.role().apiName()) + countText(message.content());
    }
    return tokens;
  }

  /**
   * Tokens of a conversation as a training example: every message framed, no reply priming. What a
   * fine-tuning job bills per example and epoch.
   */
  public int countExample(List<ChatMessage> messages) {
    return countPrompt(messages) - REPLY_PRIMING_TOKENS;
  }
}
