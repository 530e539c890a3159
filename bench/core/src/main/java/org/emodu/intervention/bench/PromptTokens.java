package org.emodu.intervention.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.emodu.intervention.core.InterventionRequest;
import org.emodu.intervention.core.chat.ChatMessage;
import org.emodu.intervention.core.chat.ChatTokenCounter;
import org.emodu.intervention.core.chat.PromptProfile;

/**
 * Prompt tokens per request for each profile, counted with cl100k_base over the exact messages sent
 * (chat framing included), beside the seed system's base prompt sent the seed's way.
 *
 * <p>Usage: {@code java -cp benchmarks.jar org.emodu.intervention.bench.PromptTokens [SEED_PROMPT_FILE]}
 */
public final class PromptTokens {

  private PromptTokens() {}

  public static void main(String[] args) throws Exception {
    ChatTokenCounter counter = ChatTokenCounter.cl100k();
    InterventionRequest typical = InterventionRequest.builder()
        .username("Budi").emotion("bosan").reinforcement("positive").arcs("attention")
        .classname("XII-IPA-1").subject("Fisika").build();
    int base = counter.countPrompt(PromptProfile.base("gpt-3.5-turbo").messages(typical));
    int fineTuned = counter.countPrompt(PromptProfile.fineTuned("ft:gpt-3.5-turbo").messages(typical));
    int userOnly = counter.countPrompt(List.of(ChatMessage.user(PromptProfile.userMessage(typical))));
    System.out.printf("request: Budi / bosan / positive / attention / XII-IPA-1 / Fisika%n");
    System.out.printf("%-34s %6s%n", "profile", "prompt tokens");
    System.out.printf("%-34s %6d%n", "ours: base", base);
    System.out.printf("%-34s %6d%n", "ours: finetuned", fineTuned);
    System.out.printf("%-34s %6d%n", "ours: user message alone", userOnly);
    if (args.length > 0) {
      String seedPrompt = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
      // The seed sends its prompt file verbatim as the system message and the six fields, raw, as the user message.
      String seedUser = "Username: Budi\nEmotion: bosan\nReinforcement: positive\nARCSModel: attention\n"
          + "Classname: XII-IPA-1\nSubject: Fisika";
      int seed = counter.countPrompt(List.of(ChatMessage.system(seedPrompt), ChatMessage.user(seedUser)));
      System.out.printf("%-34s %6d%n", "seed: base prompt", seed);
      System.out.printf("ratio ours base / seed base:        %.2f%n", (double) base / seed);
      System.out.printf("ratio ours finetuned / seed base:   %.2f%n", (double) fineTuned / seed);
    }
    System.out.printf("goal: finetuned <= 60 prompt tokens: %s%n", fineTuned <= 60 ? "met" : "NOT met");
  }
}
